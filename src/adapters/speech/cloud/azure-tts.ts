/**
 * Azure TTS (`tts: {name: azure}`) over the REST API: SSML in, the audio streamed back in the
 * `X-Microsoft-OutputFormat` that matches the engine's format.
 * @module
 */
import { z } from 'zod';
import type { AudioFormat, TtsEngine } from '../../../ports/speech.ts';
import { azureRegion, engineSettings, ttsKeys, type Env, urlWithScheme } from './engine-config.ts';
import { streamHttpAudio } from './http-audio.ts';

const configSchema = z.strictObject({
  ...ttsKeys,
  speech_region: azureRegion.default('eastus'),
  /** The whole synthesis URL; by default built from `speech_region`. */
  endpoint: urlWithScheme(['http', 'https']).optional(),
});

export function createAzureTts(config: Readonly<Record<string, unknown>>, env: Env = process.env): TtsEngine {
  const { keys, apiKey, languages, format: outputFormat } = engineSettings('tts azure', configSchema, config, env, {
    envVar: 'AZURE_SPEECH_API_KEY',
    languages: () => ({ en: { language: 'en-US', voice: 'en-US-JennyNeural' } }),
    format: { encoding: 'l16', sampleRate: 24000 },
  });
  const url = keys.endpoint ?? `https://${keys.speech_region}.tts.speech.microsoft.com/cognitiveservices/v1`;
  const headers = {
    'Ocp-Apim-Subscription-Key': apiKey,
    'Content-Type': 'application/ssml+xml',
    'X-Microsoft-OutputFormat': azureOutputFormat(outputFormat),
    'User-Agent': 'colloquy',
  };

  return {
    name: 'azure',
    outputFormat,
    synthesize({ text, language, signal }) {
      const entry = languages.entryFor(language);
      return streamHttpAudio({
        vendor: 'Azure',
        url,
        headers,
        body: ssml(text, entry.language ?? 'en-US', entry.voice ?? 'en-US-JennyNeural'),
        timeoutMs: keys.timeout * 1000,
        keyHint: 'AZURE_SPEECH_API_KEY and speech_region',
        signal,
      });
    },
  };
}

function azureOutputFormat(format: AudioFormat): string {
  if (format.encoding === 'mulaw') return 'raw-8khz-8bit-mono-mulaw';
  return `raw-${format.sampleRate / 1000}khz-16bit-mono-pcm`;
}

function ssml(text: string, language: string, voice: string): string {
  return (
    `<speak version='1.0' xml:lang='${xml(language)}' xmlns='http://www.w3.org/2001/10/synthesis'>` +
    `<voice name='${xml(voice)}'>${xml(text)}</voice></speak>`
  );
}

/** Bot text is plain text, not SSML: escape it so `&` or `<` in a response cannot break the request. */
function xml(text: string): string {
  return text.replace(/[<>&'"]/g, (char) => `&#${char.charCodeAt(0)};`);
}
