/**
 * Deepgram TTS (`tts: {name: deepgram}`) over the REST speak API (`POST /v1/speak`), headerless
 * audio (`container=none`) streamed back as it is synthesized.
 * @module
 */
import { z } from 'zod';
import type { TtsEngine } from '../../../ports/speech.ts';
import { deepgramEncoding, engineSettings, ttsKeys, RASA_WSS_HINT, type Env, urlWithScheme } from './engine-config.ts';
import { streamHttpAudio } from './http-audio.ts';

const configSchema = z.strictObject({
  ...ttsKeys,
  /** The speak URL. */
  endpoint: urlWithScheme(['http', 'https'], RASA_WSS_HINT).default('https://api.deepgram.com/v1/speak'),
  /** Rasa's config class also has it; the model comes from language_map (or `model`). */
  model_id: z.string().min(1).optional(),
});

export function createDeepgramTts(config: Readonly<Record<string, unknown>>, env: Env = process.env): TtsEngine {
  const { keys, apiKey, languages, format: outputFormat } = engineSettings('tts deepgram', configSchema, config, env, {
    envVar: 'DEEPGRAM_API_KEY',
    languages: ({ model_id }) => ({ en: { model: model_id ?? 'aura-2-andromeda-en' } }),
    format: { encoding: 'l16', sampleRate: 24000 },
  });

  return {
    name: 'deepgram',
    outputFormat,
    synthesize({ text, language, signal }) {
      const url = new URL(keys.endpoint);
      url.searchParams.set('model', languages.entryFor(language).model ?? 'aura-2-andromeda-en');
      url.searchParams.set('encoding', deepgramEncoding(outputFormat));
      url.searchParams.set('sample_rate', String(outputFormat.sampleRate));
      url.searchParams.set('container', 'none');
      return streamHttpAudio({
        vendor: 'Deepgram',
        url: url.toString(),
        headers: { Authorization: `Token ${apiKey}`, 'Content-Type': 'application/json' },
        body: JSON.stringify({ text }),
        timeoutMs: keys.timeout * 1000,
        keyHint: 'DEEPGRAM_API_KEY',
        signal,
      });
    },
  };
}
