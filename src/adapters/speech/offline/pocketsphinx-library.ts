/**
 * The few functions of Debian's libpocketsphinx.so.3 (pocketsphinx 5prealpha) the offline ASR calls,
 * bound through koffi's FFI: no native build. The calls that take time (`ps_init`, `ps_process_raw`,
 * `ps_end_utt`, `ps_get_hyp`, `ps_free`) run on koffi's worker threads, so decoding stays off the
 * event loop.
 * @module
 */
import { createRequire } from 'node:module';

export const POCKETSPHINX_APT = 'apt-get install -y pocketsphinx pocketsphinx-en-us';
export const POCKETSPHINX_MODEL_DIR = '/usr/share/pocketsphinx/model/en-us';

/** An opaque C pointer (koffi's external). */
export type Pointer = object;

type Callback<T> = (error: unknown, result: T) => void;
interface AsyncFn<Args extends unknown[], R> {
  (...args: Args): R;
  async(...args: [...Args, Callback<R>]): void;
}

export interface PocketsphinxLibrary {
  /** Parses decoder arguments (`-hmm dir -lm file …`); null when they are invalid. */
  parseConfig(argv: readonly string[]): Pointer | null;
  freeConfig(config: Pointer): void;
  /** Loads the models: seconds for the stock model, so it runs off the event loop. Null on failure. */
  init(config: Pointer): Promise<Pointer | null>;
  free(decoder: Pointer): Promise<void>;
  startUtterance(decoder: Pointer): number;
  endUtterance(decoder: Pointer): Promise<number>;
  processRaw(decoder: Pointer, samples: Int16Array): Promise<number>;
  inSpeech(decoder: Pointer): boolean;
  hypothesis(decoder: Pointer): Promise<string>;
}

let loaded: PocketsphinxLibrary | undefined;

const promised =
  <Args extends unknown[], R>(fn: AsyncFn<Args, R>) =>
  (...args: Args): Promise<R> =>
    new Promise((resolve, reject) => fn.async(...args, (error, result) => (error ? reject(error instanceof Error ? error : new Error(String(error))) : resolve(result))));

/** Binds the library once per process; throws naming the apt-get line when it is not installed. */
export function pocketsphinxLibrary(): PocketsphinxLibrary {
  if (loaded) return loaded;
  const koffi = createRequire(import.meta.url)('koffi') as {
    load(path: string): { func(signature: string): AsyncFn<unknown[], unknown> };
  };
  let lib: ReturnType<typeof koffi.load>;
  try {
    lib = koffi.load('libpocketsphinx.so.3');
  } catch (error) {
    throw new Error(`the pocketsphinx library (libpocketsphinx.so.3) is not installed (${(error as Error).message}); install the offline ASR with: ${POCKETSPHINX_APT}`);
  }
  const fn = <Args extends unknown[], R>(signature: string) => lib.func(signature) as unknown as AsyncFn<Args, R>;
  const psArgs = fn<[], Pointer>('void *ps_args(void)');
  const parse = fn<[null, Pointer, number, readonly string[], number], Pointer | null>('void *cmd_ln_parse_r(void *inout, void *defn, int argc, const char **argv, int strict)');
  const freeConfig = fn<[Pointer], number>('int cmd_ln_free_r(void *config)');
  const init = fn<[Pointer], Pointer | null>('void *ps_init(void *config)');
  const free = fn<[Pointer], number>('int ps_free(void *ps)');
  const start = fn<[Pointer], number>('int ps_start_utt(void *ps)');
  const end = fn<[Pointer], number>('int ps_end_utt(void *ps)');
  const processRaw = fn<[Pointer, Int16Array, number, number, number], number>('int ps_process_raw(void *ps, const int16_t *data, size_t n, int no_search, int full_utt)');
  const inSpeech = fn<[Pointer], number>('uint8_t ps_get_in_speech(void *ps)');
  const hyp = fn<[Pointer, Int32Array], string | null>('const char *ps_get_hyp(void *ps, _Out_ int32_t *score)');
  const initAsync = promised(init);
  const endAsync = promised(end);
  const processAsync = promised(processRaw);
  const hypAsync = promised(hyp);
  const freeAsync = promised(free);
  loaded = {
    parseConfig: (argv) => parse(null, psArgs(), argv.length, argv, 1),
    freeConfig: (config) => void freeConfig(config),
    init: initAsync,
    free: async (decoder) => void (await freeAsync(decoder)),
    startUtterance: start,
    endUtterance: endAsync,
    processRaw: (decoder, samples) => processAsync(decoder, samples, samples.length, 0, 0),
    inSpeech: (decoder) => inSpeech(decoder) !== 0,
    hypothesis: async (decoder) => (await hypAsync(decoder, new Int32Array(1))) ?? '',
  };
  return loaded;
}
