/**
 * jambonz `listen` with bidirectional streaming audio (`jambonz_stream`). The socket speaks
 * subprotocol `audio.jambonz.org`; its first text frame is the call's JSON metadata (`callSid`,
 * `from`, `to`, `sampleRate`…), then binary L16 PCM flows both ways. Control messages to jambonz:
 * `{type:"mark", data:{name}}` and `{type:"killAudio"}`; from jambonz: mark echoes
 * (`{type:"mark", data:{name, event}}`, played out or cleared) and `{event:"dtmf", dtmf}`.
 * `POST /webhooks/jambonz_stream/webhook` answers the call with the `listen` verb, `POST …/call_status`
 * acknowledges status updates; both behind Basic auth when the channel sets `username`/`password`.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AudioFormat } from '../../../ports/speech.ts';
import { basicAuthHook, basicAuthOf } from '../../basic-auth.ts';
import { callMetadata } from '../../call-parameters.ts';
import type { VoiceChannelCredentials, VoiceStreamChannel } from '../voice-channel.ts';
import { VoiceFrameError, type CallEvent, type VoiceProtocol } from '../voice-protocol.ts';
import { parseJsonFrame } from './json-frame.ts';
import { streamUrl } from './stream-url.ts';

export const JAMBONZ_STREAM = 'jambonz_stream';
/** The WebSocket subprotocol jambonz asks for on `listen` sockets. */
export const JAMBONZ_AUDIO_SUBPROTOCOL = 'audio.jambonz.org';

/** Rasa asks jambonz for L16 at 24 kHz both ways. */
const SAMPLE_RATE = 24000;
/** Two seconds of 48 kHz L16: far above jambonz's frames; a bigger binary frame is refused. */
const MAX_AUDIO_BYTES = 192_000;

const sampleRates = [8000, 16000, 24000, 48000] as const;

const metadataFrame = z.object({
  callSid: z.string().min(1).max(128),
  from: z.string().max(256).optional(),
  to: z.string().max(256).optional(),
  direction: z.string().max(64).optional(),
  sampleRate: z.number().optional(),
});

const control = z.union([
  z.object({ type: z.literal('mark'), data: z.object({ name: z.string().max(256), event: z.string().max(64).optional() }) }),
  z.object({ event: z.literal('dtmf'), dtmf: z.union([z.string().min(1).max(8), z.number().int().nonnegative().transform(String)]) }),
]);

/** One protocol instance per call socket: it learns the sample rate from the metadata frame. */
export function jambonzStreamProtocol(): VoiceProtocol {
  let format: AudioFormat = { encoding: 'l16', sampleRate: SAMPLE_RATE };
  let started = false;
  return {
    channel: JAMBONZ_STREAM,
    audioFormat: () => format,
    decode(data, isBinary): readonly CallEvent[] {
      if (!started) {
        const parsed = metadataFrame.safeParse(parseJsonFrame(data, isBinary));
        if (!parsed.success) throw new VoiceFrameError(`malformed jambonz metadata frame: ${z.prettifyError(parsed.error)}`);
        const metadata = parsed.data;
        const rate = sampleRates.find((r) => r === metadata.sampleRate);
        if (rate) format = { encoding: 'l16', sampleRate: rate };
        started = true;
        const call = callMetadata({ call_id: metadata.callSid, user_phone: metadata.from ?? 'Unknown', bot_phone: metadata.to, direction: metadata.direction, stream_id: metadata.callSid });
        return [{ type: 'start', conversationId: metadata.callSid, metadata: call }];
      }
      if (isBinary) return [{ type: 'audio', audio: checkedAudio(toBytes(data)) }];
      const frame = parseJsonFrame(data, false);
      const parsed = control.safeParse(frame);
      if (parsed.success) {
        const message = parsed.data;
        return 'type' in message ? [{ type: 'marker', name: message.data.name }] : [{ type: 'dtmf', digit: message.dtmf }];
      }
      return [{ type: 'ignored', reason: `unexpected jambonz message ${describe(frame)}` }];
    },
    audio: (chunk) => [chunk],
    marker: (name) => [JSON.stringify({ type: 'mark', data: { name } })],
    clear: () => [JSON.stringify({ type: 'killAudio' })],
  };
}

function toBytes(data: Uint8Array | string): Uint8Array {
  return typeof data === 'string' ? Buffer.from(data) : data;
}

function checkedAudio(audio: Uint8Array): Uint8Array {
  if (audio.length % 2 !== 0) throw new VoiceFrameError(`L16 audio frame of an odd number of bytes (${audio.length})`);
  if (audio.length > MAX_AUDIO_BYTES) throw new VoiceFrameError(`audio frame of ${audio.length} bytes (at most ${MAX_AUDIO_BYTES})`);
  return audio;
}

/** Names what an unexpected message was without echoing its content. */
function describe(frame: unknown): string {
  if (typeof frame !== 'object' || frame === null) return `(${typeof frame})`;
  const { type, event } = frame as { type?: unknown; event?: unknown };
  const name = typeof type === 'string' ? type : typeof event === 'string' ? event : undefined;
  return name ? `'${name.slice(0, 64)}'` : '(no type or event)';
}

/** `POST /webhook` (the `listen` verb) and `POST /call_status`. */
function webhookRoutes(scope: FastifyInstance, credentials: VoiceChannelCredentials): void {
  const auth = basicAuthHook(basicAuthOf(credentials), `webhooks/${JAMBONZ_STREAM}/webhook`);
  const options = auth ? { onRequest: auth } : {};
  const listen = [
    {
      verb: 'listen',
      url: streamUrl(credentials.server_url ?? '', JAMBONZ_STREAM),
      sampleRate: SAMPLE_RATE,
      passDtmf: true,
      bidirectionalAudio: { enabled: true, streaming: true, sampleRate: SAMPLE_RATE },
    },
  ];
  scope.post('/webhook', options, async () => listen);
  scope.post('/call_status', options, async () => ({ status: 'ok' }));
}

export const jambonzStreamChannel: VoiceStreamChannel = {
  createProtocol: () => jambonzStreamProtocol(),
  routes: (scope, { credentials }) => webhookRoutes(scope, credentials),
  subprotocols: [JAMBONZ_AUDIO_SUBPROTOCOL],
};
