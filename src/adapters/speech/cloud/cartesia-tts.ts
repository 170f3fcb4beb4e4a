/**
 * Cartesia TTS (`tts: {name: cartesia}`) over the REST bytes API (`POST /tts/bytes`), raw audio
 * streamed back as it is synthesized.
 * @module
 */
import { z } from 'zod';
import type { TtsEngine } from '../../../ports/speech.ts';
import { engineSettings, ttsKeys, RASA_WSS_HINT, type Env, urlWithScheme } from './engine-config.ts';
import { streamHttpAudio } from './http-audio.ts';

const DEFAULT_VOICE = '248be419-c632-4f23-adf1-5324ed7dbf1d';

const configSchema = z.strictObject({
  ...ttsKeys,
  /** The bytes URL. */
  endpoint: urlWithScheme(['http', 'https'], RASA_WSS_HINT).default('https://api.cartesia.ai/tts/bytes'),
  model_id: z.string().min(1).default('sonic-english'),
  /** The `Cartesia-Version` header. */
  version: z.string().min(1).default('2024-06-10'),
});

export function createCartesiaTts(config: Readonly<Record<string, unknown>>, env: Env = process.env): TtsEngine {
  const { keys, apiKey, languages, format: outputFormat } = engineSettings('tts cartesia', configSchema, config, env, {
    envVar: 'CARTESIA_API_KEY',
    languages: () => ({ en: { language: 'en', voice: DEFAULT_VOICE } }),
    format: { encoding: 'l16', sampleRate: 24000 },
  });
  const output_format = {
    container: 'raw',
    encoding: outputFormat.encoding === 'mulaw' ? 'pcm_mulaw' : 'pcm_s16le',
    sample_rate: outputFormat.sampleRate,
  };

  return {
    name: 'cartesia',
    outputFormat,
    synthesize({ text, language, signal }) {
      const entry = languages.entryFor(language);
      const body = {
        model_id: entry.model ?? keys.model_id,
        transcript: text,
        voice: { mode: 'id', id: entry.voice ?? DEFAULT_VOICE },
        language: entry.language ?? 'en',
        output_format,
      };
      return streamHttpAudio({
        vendor: 'Cartesia',
        url: keys.endpoint,
        headers: { 'Cartesia-Version': keys.version, 'X-API-Key': apiKey, 'Content-Type': 'application/json' },
        body: JSON.stringify(body),
        timeoutMs: keys.timeout * 1000,
        keyHint: 'CARTESIA_API_KEY',
        signal,
      });
    },
  };
}
