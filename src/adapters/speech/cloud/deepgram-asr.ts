/**
 * Deepgram streaming ASR (`asr: {name: deepgram}`) over Deepgram's live WebSocket API
 * (`/v1/listen`). Deepgram splits an utterance into several `is_final` segments; they are joined
 * and reported as one final when `speech_final` or `UtteranceEnd` closes the utterance, as Rasa does.
 * @module
 */
import { z } from 'zod';
import type { AsrEngine, AsrEvent, AsrStream, AsrStreamOptions } from '../../../ports/speech.ts';
import { AsrSocket } from './asr-socket.ts';
import { commonKeys, deepgramEncoding, engineSettings, type Env, hostOrSocketUrl } from './engine-config.ts';
import { connectVendorSocket } from './vendor-socket.ts';

const configSchema = z.strictObject({
  ...commonKeys,
  /** A host (`api.deepgram.com`, as in Rasa) or a whole URL (`ws://127.0.0.1:8080/v1/listen`). */
  endpoint: hostOrSocketUrl.default('api.deepgram.com'),
  endpointing: z.number().int().nonnegative().default(400),
  utterance_end_ms: z.number().int().nonnegative().default(1000),
  smart_format: z.boolean().default(true),
  keep_alive_interval: z.number().positive().default(5),
});

const resultsSchema = z.object({
  type: z.literal('Results'),
  is_final: z.boolean().optional(),
  speech_final: z.boolean().optional(),
  channel: z.object({ alternatives: z.array(z.object({ transcript: z.string() })) }),
});

const messageSchema = z.union([resultsSchema, z.object({ type: z.string() })]);

export function createDeepgramAsr(config: Readonly<Record<string, unknown>>, env: Env = process.env): AsrEngine {
  const { keys, apiKey, languages, format: inputFormat } = engineSettings('asr deepgram', configSchema, config, env, {
    envVar: 'DEEPGRAM_API_KEY',
    languages: () => ({ en: { language: 'en', model: 'nova-2-general' } }),
    format: { encoding: 'l16', sampleRate: 16000 },
  });
  const base = keys.endpoint.includes('://') ? keys.endpoint : `wss://${keys.endpoint}/v1/listen`;

  return {
    name: 'deepgram',
    inputFormat,
    async open(options: AsrStreamOptions): Promise<AsrStream> {
      const entry = languages.entryFor(options.language);
      const url = new URL(base);
      const params: Record<string, string | number | undefined> = {
        encoding: deepgramEncoding(inputFormat),
        sample_rate: inputFormat.sampleRate,
        endpointing: keys.endpointing,
        vad_events: 'true',
        interim_results: 'true',
        smart_format: String(keys.smart_format),
        language: entry.language,
        model: entry.model,
        utterance_end_ms: keys.utterance_end_ms > 0 ? keys.utterance_end_ms : undefined,
      };
      for (const [key, value] of Object.entries(params)) if (value !== undefined) url.searchParams.set(key, String(value));
      const ws = await connectVendorSocket({
        vendor: 'Deepgram',
        url: url.toString(),
        headers: { Authorization: `Token ${apiKey}` },
        timeoutMs: keys.timeout * 1000,
        keyHint: 'DEEPGRAM_API_KEY',
      });
      const utterance = new UtteranceBuffer();
      const socket = new AsrSocket(ws, 'Deepgram', options, {
        message: (data, isBinary) => (isBinary ? [] : utterance.eventsFor(messageSchema.parse(JSON.parse(data.toString('utf8'))))),
        keepAlive: { intervalMs: keys.keep_alive_interval * 1000, tick: (socket) => socket.send(JSON.stringify({ type: 'KeepAlive' })) },
      });
      return {
        send: (audio) => socket.send(Buffer.from(audio.buffer, audio.byteOffset, audio.byteLength)),
        close: () => socket.close(JSON.stringify({ type: 'CloseStream' })),
      };
    },
  };
}

/** Joins the `is_final` segments of one utterance. */
class UtteranceBuffer {
  private segments: string[] = [];

  eventsFor(message: z.output<typeof messageSchema>): AsrEvent[] {
    if (message.type === 'UtteranceEnd') return this.flush();
    if (!('channel' in message)) return [];
    const text = message.channel.alternatives[0]?.transcript.trim() ?? '';
    if (!message.is_final) return text ? [{ type: 'interim', text }] : [];
    if (text) this.segments.push(text);
    return message.speech_final ? this.flush() : [];
  }

  private flush(): AsrEvent[] {
    const text = this.segments.join(' ');
    this.segments = [];
    return text ? [{ type: 'final', text }] : [];
  }
}
