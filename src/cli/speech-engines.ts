/**
 * The speech engines of `colloquy run`: the engine registry, loaded only when a voice channel asks
 * for an engine (so servers without voice never import it), with the served model's domain language
 * model for pocketsphinx.
 * @module
 */
import type { SpeechEngines } from '../server/voice-server.ts';
import type { LoadedModel } from './load-model.ts';

export function speechEnginesOf(model: () => LoadedModel): SpeechEngines {
  const context = () => {
    const { assistant, speechLanguageModel } = model();
    return { assistant, ...(speechLanguageModel ? { domainLanguageModel: speechLanguageModel } : {}) };
  };
  const registry = () => import('../adapters/speech/engine-registry.ts');
  return {
    asr: async (config) => (await registry()).createAsrEngine(config, context()),
    tts: async (config) => (await registry()).createTtsEngine(config, context()),
  };
}
