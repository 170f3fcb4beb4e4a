/**
 * Cloud speech engines by the `name` Rasa gives them in credentials.yml.
 * @module
 */
import type { AsrEngineFactory, TtsEngineFactory } from '../../../ports/speech.ts';
import { createAzureAsr } from './azure-asr.ts';
import { createAzureTts } from './azure-tts.ts';
import { createCartesiaTts } from './cartesia-tts.ts';
import { createDeepgramAsr } from './deepgram-asr.ts';
import { createDeepgramTts } from './deepgram-tts.ts';

export const cloudAsrEngines: Readonly<Record<string, AsrEngineFactory>> = {
  deepgram: (config) => createDeepgramAsr(config),
  azure: (config) => createAzureAsr(config),
};

export const cloudTtsEngines: Readonly<Record<string, TtsEngineFactory>> = {
  azure: (config) => createAzureTts(config),
  cartesia: (config) => createCartesiaTts(config),
  deepgram: (config) => createDeepgramTts(config),
};

export { SpeechConfigError } from './engine-config.ts';
