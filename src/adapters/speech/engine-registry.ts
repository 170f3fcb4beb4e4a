/**
 * Speech engines by the `name` of a voice channel's `asr:`/`tts:` section in credentials.yml.
 * Built in: `pocketsphinx` (ASR) and `flite` (TTS), both offline, and the cloud engines (cloud/):
 * `deepgram` and `azure` (ASR), `azure`, `cartesia` and `deepgram` (TTS). Any other name is a
 * project's own engine, loaded like custom actions: `name: engines.my_asr.MyAsr` (Rasa's dotted `module.Class`,
 * the module `engines/my_asr.ts` in the project folder) or a path `name: engines/my_asr.ts#MyAsr`
 * (`#` picks the export; the default export without it). The export is a class constructed with the
 * section (`new MyAsr(config)`), or a factory function called with it.
 *
 * Every TTS engine, built in or custom, is wrapped in the `cache_size` cache.
 * @module
 */
import { existsSync } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { isAbsolute, join } from 'node:path';
import type { Assistant } from '../../core/assistant.ts';
import type { AsrEngine, AsrEngineFactory, TtsEngine, TtsEngineFactory } from '../../ports/speech.ts';
import { importProjectModule } from '../project-module.ts';
import { CLOUD_ASR_ENGINES, CLOUD_TTS_ENGINES } from './cloud/index.ts';
import { FliteTts } from './offline/flite-tts.ts';
import { trainDomainLanguageModel, type DomainLanguageModel } from './offline/domain-language-model.ts';
import { PocketsphinxAsr } from './offline/pocketsphinx-asr.ts';
import { DEFAULT_TTS_CACHE_SIZE, withTtsCache, type CachedTtsEngine } from './tts-cache.ts';

export interface SpeechEngineContext {
  /** The assistant served: its folder anchors relative paths and custom engine modules. */
  readonly assistant: Assistant;
  /** The domain language model trained with the model (`bundle.trained.speech_lm`); built from `assistant` when absent. */
  readonly domainLanguageModel?: DomainLanguageModel;
}

/** A factory of the port, plus the context built-in engines need (custom and cloud ones may ignore it). */
export type AsrFactory = (config: Readonly<Record<string, unknown>>, context: SpeechEngineContext) => ReturnType<AsrEngineFactory>;
export type TtsFactory = (config: Readonly<Record<string, unknown>>, context: SpeechEngineContext) => ReturnType<TtsEngineFactory>;

/** The engines credentials.yml can name; one line per engine. */
export const asrEngineFactories = new Map<string, AsrFactory>([
  ['pocketsphinx', pocketsphinxFromConfig],
  ...Object.entries(CLOUD_ASR_ENGINES).map(([name, create]): [string, AsrFactory] => [name, (config) => create(config)]),
]);
export const ttsEngineFactories = new Map<string, TtsFactory>([
  ['flite', fliteFromConfig],
  ...Object.entries(CLOUD_TTS_ENGINES).map(([name, create]): [string, TtsFactory] => [name, (config) => create(config)]),
]);

export async function createAsrEngine(config: Readonly<Record<string, unknown>>, context: SpeechEngineContext): Promise<AsrEngine> {
  const name = engineName(config, 'asr');
  const builtIn = asrEngineFactories.get(name);
  const engine = builtIn ? await builtIn(config, context) : await loadCustomEngine(name, config, context, 'asr');
  if (!isAsrEngine(engine)) throw new Error(`asr engine '${name}' does not implement AsrEngine (name, inputFormat, open)`);
  return engine;
}

/** The engine behind the `cache_size` cache (default 1000 texts; 0 turns it off). */
export async function createTtsEngine(config: Readonly<Record<string, unknown>>, context: SpeechEngineContext): Promise<CachedTtsEngine> {
  const name = engineName(config, 'tts');
  const cacheSize = config.cache_size ?? DEFAULT_TTS_CACHE_SIZE;
  if (typeof cacheSize !== 'number' || !Number.isInteger(cacheSize) || cacheSize < 0) throw new Error(`tts cache_size must be a whole number of texts ≥ 0, got ${JSON.stringify(cacheSize)}`);
  const builtIn = ttsEngineFactories.get(name);
  const engine = builtIn ? await builtIn(config, context) : await loadCustomEngine(name, config, context, 'tts');
  if (!isTtsEngine(engine)) throw new Error(`tts engine '${name}' does not implement TtsEngine (name, outputFormat, synthesize)`);
  return withTtsCache(engine, cacheSize);
}

function engineName(config: Readonly<Record<string, unknown>>, kind: 'asr' | 'tts'): string {
  if (typeof config.name !== 'string' || config.name.trim() === '') throw new Error(`the ${kind} section needs a 'name' (e.g. ${kind === 'asr' ? 'pocketsphinx' : 'flite'})`);
  return config.name.trim();
}

const optionalString = (config: Readonly<Record<string, unknown>>, key: string): string | undefined => {
  const value = config[key];
  if (value === undefined) return undefined;
  if (typeof value !== 'string' || value === '') throw new Error(`${key} must be a non-empty string`);
  return value;
};

/**
 * `language_model`: `domain` (default: the assistant's own, see domain-language-model.ts), `stock`
 * (pocketsphinx's general English model) or a file; `dictionary` and `acoustic_model` likewise paths.
 */
async function pocketsphinxFromConfig(config: Readonly<Record<string, unknown>>, context: SpeechEngineContext): Promise<AsrEngine> {
  const resolve = (path: string | undefined) => (path === undefined || isAbsolute(path) ? path : join(context.assistant.root, path));
  const languageModel = optionalString(config, 'language_model') ?? 'domain';
  const acousticModel = resolve(optionalString(config, 'acoustic_model'));
  const dictionary = resolve(optionalString(config, 'dictionary'));
  if (languageModel === 'stock') return new PocketsphinxAsr({ acousticModel, dictionary });
  if (languageModel !== 'domain') return new PocketsphinxAsr({ acousticModel, dictionary, languageModel: resolve(languageModel) });
  const model = context.domainLanguageModel ?? (await trainDomainLanguageModel(context.assistant));
  // pocketsphinx reads its models from files: the engine owns a private copy until it closes.
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-speech-lm-'));
  await writeFile(join(dir, 'domain.arpa'), model.arpa);
  await writeFile(join(dir, 'domain.dict'), model.dictionary);
  const cleanup = () => rm(dir, { recursive: true, force: true });
  try {
    return new PocketsphinxAsr({ acousticModel, languageModel: join(dir, 'domain.arpa'), dictionary: dictionary ?? join(dir, 'domain.dict'), cleanup });
  } catch (error) {
    await cleanup();
    throw error;
  }
}

function fliteFromConfig(config: Readonly<Record<string, unknown>>): TtsEngine {
  return new FliteTts({ binary: optionalString(config, 'binary'), voice: optionalString(config, 'voice') });
}

/** `a.b.Class` → module `a/b`, export `Class`; `path/to/file.ts#Export` → that file and export. */
export function customEngineModule(name: string): { readonly module: string; readonly exportName: string; readonly exact: boolean } {
  const hash = name.indexOf('#');
  if (hash >= 0) return { module: name.slice(0, hash), exportName: name.slice(hash + 1) || 'default', exact: true };
  if (/[/\\]/.test(name) || /\.[cm]?[jt]s$/.test(name)) return { module: name, exportName: 'default', exact: true };
  const dot = name.lastIndexOf('.');
  if (dot <= 0) return { module: name, exportName: 'default', exact: false };
  return { module: name.slice(0, dot).replace(/\./g, '/'), exportName: name.slice(dot + 1), exact: false };
}

const MODULE_EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

async function loadCustomEngine(name: string, config: Readonly<Record<string, unknown>>, context: SpeechEngineContext, kind: 'asr' | 'tts'): Promise<unknown> {
  const known = [...(kind === 'asr' ? asrEngineFactories : ttsEngineFactories).keys()].join(', ');
  const { module, exportName, exact } = customEngineModule(name);
  const base = isAbsolute(module) ? module : join(context.assistant.root, module);
  const candidates = exact ? [base] : MODULE_EXTENSIONS.map((ext) => base + ext);
  const file = candidates.find((path) => existsSync(path));
  if (!file) throw new Error(`${kind} engine '${name}' is neither built in (${known}) nor a module of the project (looked for ${candidates.join(', ')})`);
  const exported = (await importProjectModule(file, context.assistant.root))[exportName];
  if (typeof exported !== 'function') throw new Error(`${kind} engine '${name}': ${file} has no export '${exportName}' that is a class or factory function`);
  const isClass = /^class[\s{]/.test(Function.prototype.toString.call(exported));
  return isClass ? new (exported as new (config: Readonly<Record<string, unknown>>) => unknown)(config) : await (exported as (config: Readonly<Record<string, unknown>>) => unknown)(config);
}

function isAsrEngine(value: unknown): value is AsrEngine {
  const engine = value as Partial<AsrEngine> | null;
  return typeof engine === 'object' && engine !== null && typeof engine.name === 'string' && typeof engine.open === 'function' && typeof engine.inputFormat === 'object';
}

function isTtsEngine(value: unknown): value is TtsEngine {
  const engine = value as Partial<TtsEngine> | null;
  return typeof engine === 'object' && engine !== null && typeof engine.name === 'string' && typeof engine.synthesize === 'function' && typeof engine.outputFormat === 'object';
}
