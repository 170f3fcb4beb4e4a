/**
 * Configuration shared by the cloud speech engines: their `asr:`/`tts:` keys from credentials.yml
 * (already `${ENV}`-interpolated), the API key, Rasa's `language_map` and the audio format.
 * @module
 */
import { z } from 'zod';
import type { AudioFormat } from '../../../ports/speech.ts';

export type Env = Readonly<Record<string, string | undefined>>;

/** A bad engine configuration or a missing API key, raised while building the engine. */
export class SpeechConfigError extends Error {
  override name = 'SpeechConfigError';
}

/** Parses `config` with `schema`; every issue is reported as `<engine>: <key>: <problem>`. */
function parseEngineConfig<S extends z.ZodType>(engine: string, schema: S, config: unknown): z.output<S> {
  const parsed = schema.safeParse(config);
  if (parsed.success) return parsed.data;
  const issues = parsed.error.issues.map((issue) => `${issue.path.join('.') || '(config)'}: ${issue.message}`);
  throw new SpeechConfigError(`${engine}: ${issues.join('; ')}`);
}

/**
 * The key comes from `api_key` (write it as `${ENV_VAR}`) or else from the vendor's environment
 * variable, as Rasa reads it. The error names the variable, never a value.
 */
function resolveApiKey(engine: string, apiKey: string | undefined, envVar: string, env: Env): string {
  const key = apiKey ?? env[envVar];
  if (!key) throw new SpeechConfigError(`${engine}: no API key: set the ${envVar} environment variable (or api_key: \${${envVar}})`);
  return key;
}

/** One entry of Rasa's `language_map`: the engine's own language code, voice and model. */
interface LanguageEntry {
  readonly language?: string;
  readonly voice?: string;
  readonly model?: string;
}

const languageEntrySchema = z.strictObject({
  language: z.string().min(1).optional(),
  voice: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
});

/** A URL with one of `schemes`; `hint` says what else it could be (e.g. Rasa's wss:// TTS endpoints). */
export const urlWithScheme = (schemes: readonly string[], hint = '') =>
  z.string().refine(
    (text) => URL.canParse(text) && schemes.includes(new URL(text).protocol.slice(0, -1)),
    `must be a ${schemes.join('/')} URL${hint}`,
  );

/** A bare host (`api.deepgram.com`, as Rasa writes it) or a ws/wss URL. */
export const hostOrSocketUrl = z
  .string()
  .refine(
    (text) => (text.includes('://') ? /^wss?:\/\/[^/]/.test(text) && URL.canParse(text) : /^[\w.-]+(:\d+)?$/.test(text)),
    'must be a host (api.example.com) or a ws/wss URL',
  );

/** An Azure region name (`westeurope`): it becomes part of the host name. */
export const azureRegion = z.string().regex(/^[a-z0-9-]+$/i, 'must be an Azure region name such as westeurope');

/** Rasa's Cartesia and Deepgram TTS take a wss:// endpoint; colloquy's use the vendors' REST APIs. */
export const RASA_WSS_HINT = " (colloquy uses the vendor's REST API here; Rasa's wss:// endpoint does not apply)";

/** Keys every cloud engine takes (Rasa's names, plus `api_key`, `encoding` and `sample_rate`). */
export const commonKeys = {
  name: z.string(),
  api_key: z.string().min(1).optional(),
  language_map: z.record(z.string(), languageEntrySchema).optional(),
  // Deprecated in Rasa in favour of language_map, still accepted there.
  language: z.string().min(1).optional(),
  voice: z.string().min(1).optional(),
  model: z.string().min(1).optional(),
  /** Seconds: the connection handshake (ASR) or a whole synthesis (TTS). */
  timeout: z.number().positive().max(600).default(30),
  encoding: z.enum(['mulaw', 'l16', 'linear16']).optional(),
  sample_rate: z.union([z.literal(8000), z.literal(16000), z.literal(24000), z.literal(48000)]).optional(),
};

/** TTS sections also carry the registry's `cache_size` (tts-cache.ts), which the engine ignores. */
export const ttsKeys = { ...commonKeys, cache_size: z.unknown().optional() };

type CommonConfig = z.output<z.ZodObject<typeof commonKeys>>;

export interface EngineSpec<C> {
  /** Where Rasa reads the vendor's key from. */
  readonly envVar: string;
  /** The engine's own `language_map` default. */
  readonly languages: (keys: C) => Readonly<Record<string, LanguageEntry>>;
  /** The audio it exchanges with the vendor unless `encoding`/`sample_rate` say otherwise. */
  readonly format: AudioFormat;
}

/** Everything a cloud engine reads from its section: checked keys, API key, language map, format. */
export function engineSettings<S extends z.ZodType<CommonConfig>>(engine: string, schema: S, config: unknown, env: Env, spec: EngineSpec<z.output<S>>) {
  const keys = parseEngineConfig(engine, schema, config);
  return {
    keys,
    apiKey: resolveApiKey(engine, keys.api_key, spec.envVar, env),
    languages: buildLanguageMap(engine, keys, spec.languages(keys)),
    format: audioFormatOf(engine, keys, spec.format),
  };
}

interface LanguageKeys {
  readonly language_map?: Readonly<Record<string, LanguageEntry>>;
  readonly language?: string;
  readonly voice?: string;
  readonly model?: string;
}

/**
 * Resolves Rasa's `language_map` against the engine's defaults: the user's map replaces the default
 * one; top-level `language`/`voice`/`model` (deprecated) fill the default language's entry and
 * cannot be combined with a map, as in Rasa.
 */
function buildLanguageMap(
  engine: string,
  keys: LanguageKeys,
  defaults: Readonly<Record<string, LanguageEntry>>,
): LanguageMap {
  const topLevel = { language: keys.language, voice: keys.voice, model: keys.model };
  const hasTopLevel = Object.values(topLevel).some((value) => value !== undefined);
  if (hasTopLevel && keys.language_map) {
    throw new SpeechConfigError(`${engine}: use language_map only; top-level language/voice/model cannot be combined with it`);
  }
  const map = keys.language_map ?? defaults;
  const [first] = Object.entries(map);
  if (!first) throw new SpeechConfigError(`${engine}: language_map: needs at least one language`);
  const [fallbackKey, fallbackEntry] = first;
  if (!hasTopLevel) return new LanguageMap(map, fallbackEntry);
  const defined = Object.fromEntries(Object.entries(topLevel).filter(([, value]) => value !== undefined));
  const fallback = { ...fallbackEntry, ...defined };
  return new LanguageMap({ ...map, [fallbackKey]: fallback }, fallback);
}

class LanguageMap {
  constructor(
    private readonly entries: Readonly<Record<string, LanguageEntry>>,
    private readonly fallback: LanguageEntry,
  ) {}

  /**
   * The entry for a conversation language: exact key (`en-US`), then its primary subtag (`en`), then
   * the map's first entry, so a call in an unmapped language still gets a voice.
   */
  entryFor(language: string | undefined): LanguageEntry {
    if (!language) return this.fallback;
    return this.entries[language] ?? this.entries[language.split('-')[0] ?? language] ?? this.fallback;
  }
}

/** `encoding`/`sample_rate` keys → the format the engine exchanges; μ-law is 8 kHz only. */
function audioFormatOf(
  engine: string,
  keys: { encoding?: 'mulaw' | 'l16' | 'linear16'; sample_rate?: AudioFormat['sampleRate'] },
  fallback: AudioFormat,
): AudioFormat {
  const encoding = keys.encoding === 'linear16' ? 'l16' : (keys.encoding ?? fallback.encoding);
  const sampleRate = keys.sample_rate ?? (encoding === 'mulaw' ? 8000 : fallback.encoding === 'l16' ? fallback.sampleRate : 16000);
  if (encoding === 'mulaw' && sampleRate !== 8000) throw new SpeechConfigError(`${engine}: encoding mulaw needs sample_rate 8000`);
  return { encoding, sampleRate };
}

/** Deepgram's names for the two encodings (listen and speak APIs). */
export const deepgramEncoding = (format: AudioFormat) => (format.encoding === 'mulaw' ? 'mulaw' : 'linear16');
