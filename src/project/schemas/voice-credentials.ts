/**
 * credentials.yml sections of the voice-stream channels (audio over a WebSocket; colloquy runs ASR
 * and TTS): Rasa's common keys plus each channel's own. Validated at load time so `colloquy validate`
 * names file and line; the server parses them again for the typed values (defaults applied).
 * @module
 */
import { z } from 'zod';
import { fromEnv } from './from-env.ts';

/** An `asr:`/`tts:` section: the engine `name` plus its own keys, which the engine checks when it is built. */
const engineSection = z.looseObject({ name: z.string().min(1) });

export const voiceStreamCredentialsShape = {
  /** Host (and port) the telco reaches this server at, for webhook answers (TwiML, jambonz `listen`). */
  server_url: z.string().min(1),
  asr: engineSection,
  tts: z.looseObject({ name: z.string().min(1), cache_size: fromEnv(z.number().int().min(0)).default(1000) }),
  interruptions: z
    .strictObject({ enabled: fromEnv(z.boolean()).default(false), min_words: fromEnv(z.number().int().min(1)).default(3) })
    .default({ enabled: false, min_words: 3 }),
  /** Seconds of caller silence before `/silence_timeout`, for collect steps without their own value. */
  silence_timeout: fromEnv(z.number().positive()).optional(),
};

export const browserAudioCredentials = z.strictObject({
  ...voiceStreamCredentialsShape,
  // The inspector talks to the server it came from, so the host is not needed here.
  server_url: voiceStreamCredentialsShape.server_url.optional(),
  /** L16 rate of the browser's audio both ways. */
  sample_rate: fromEnv(z.union([z.literal(16000), z.literal(24000), z.literal(48000)])).default(48000),
  /** Rasa's switch to record calls; accepted, colloquy records nothing (docs/voice.md). */
  recording: fromEnv(z.boolean()).optional(),
});

/**
 * The voice-stream channels by credentials.yml name. A channel added here is validated by the
 * project loader and, with a protocol in `src/channels/voice/voice-channels.ts`, served by the server.
 */
export const voiceStreamChannelSchemas: Readonly<Record<string, z.ZodType<Record<string, unknown>>>> = {
  browser_audio: browserAudioCredentials,
};
