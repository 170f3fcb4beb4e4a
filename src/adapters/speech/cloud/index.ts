/**
 * The cloud speech engines by their credentials.yml `name`. Building one only reads its section and
 * the environment (nothing connects before a call opens a stream), so `colloquy validate` builds
 * them to check the keys.
 * @module
 */
import type { AsrEngine, TtsEngine } from '../../../ports/speech.ts';
import { createAzureAsr } from './azure-asr.ts';
import { createAzureTts } from './azure-tts.ts';
import { createCartesiaTts } from './cartesia-tts.ts';
import { createDeepgramAsr } from './deepgram-asr.ts';
import { createDeepgramTts } from './deepgram-tts.ts';
import type { Env } from './engine-config.ts';

export { SpeechConfigError } from './engine-config.ts';

type Create<E> = (config: Readonly<Record<string, unknown>>, env?: Env) => E;

export const CLOUD_ASR_ENGINES: Readonly<Record<string, Create<AsrEngine>>> = { deepgram: createDeepgramAsr, azure: createAzureAsr };
export const CLOUD_TTS_ENGINES: Readonly<Record<string, Create<TtsEngine>>> = { azure: createAzureTts, cartesia: createCartesiaTts, deepgram: createDeepgramTts };
