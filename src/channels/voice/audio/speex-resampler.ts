/**
 * Streaming sample-rate conversion with the Speex resampler (SpeexDSP compiled to WASM): stateful,
 * so consecutive 20 ms chunks join without clicks, which whole-buffer resamplers cannot do.
 * @module
 */
interface SpeexModule {
  readonly HEAP16: Int16Array;
  readonly HEAPU32: Uint32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  _speex_resampler_init(channels: number, inRate: number, outRate: number, quality: number, errorPointer: number): number;
  _speex_resampler_process_int(state: number, channel: number, input: number, inLength: number, output: number, outLength: number): number;
  _speex_resampler_skip_zeros(state: number): number;
  _speex_resampler_destroy(state: number): void;
}

/**
 * Speex quality 0–10. 3 is Speex's VoIP preset: half the CPU of 5 (about 2.5 ms per second of
 * 48 kHz audio each way, measured with bench/voice), and speech recognition runs at 16 kHz or less.
 */
const QUALITY = 3;

let loading: Promise<SpeexModule> | undefined;
function speex(): Promise<SpeexModule> {
  // import(), not a static import: the CommonJS bundle (scripts/build.mjs) would require() this
  // ES-module-only package, and esbuild's interop then takes the module itself for its default export.
  loading ??= import('@echogarden/speex-resampler-wasm').then(({ default: createSpeexModule }) => createSpeexModule() as Promise<SpeexModule>);
  return loading;
}

/** Live resampler states, so tests can assert that closed calls release theirs. */
let open = 0;
export function openResamplers(): number {
  return open;
}

export class StreamResampler {
  readonly #m: SpeexModule;
  readonly #ratio: number;
  #state: number;
  /** One WASM block: [inLength u32][outLength u32][input i16…][output i16…], grown on demand. */
  #block = 0;
  #capacity = 0;

  private constructor(m: SpeexModule, state: number, ratio: number) {
    this.#m = m;
    this.#state = state;
    this.#ratio = ratio;
    open++;
  }

  static async create(fromRate: number, toRate: number): Promise<StreamResampler> {
    const m = await speex();
    const error = m._malloc(4);
    const state = m._speex_resampler_init(1, fromRate, toRate, QUALITY, error);
    const code = m.HEAPU32[error >> 2]!;
    m._free(error);
    if (state === 0 || code !== 0) throw new Error(`speex resampler ${fromRate} → ${toRate} Hz failed to start (error ${code})`);
    // Without this the first chunk starts with the filter's delay worth of zeros.
    m._speex_resampler_skip_zeros(state);
    return new StreamResampler(m, state, toRate / fromRate);
  }

  process(input: Int16Array): Int16Array {
    if (this.#state === 0) throw new Error('resampler is closed');
    const outMax = Math.ceil(input.length * this.#ratio) + 16;
    const need = 8 + 2 * (input.length + outMax);
    if (need > this.#capacity) {
      if (this.#block) this.#m._free(this.#block);
      this.#capacity = Math.max(need, 4096);
      this.#block = this.#m._malloc(this.#capacity);
    }
    const m = this.#m;
    const inPtr = this.#block + 8;
    const outPtr = inPtr + 2 * input.length;
    m.HEAP16.set(input, inPtr >> 1);
    m.HEAPU32[this.#block >> 2] = input.length;
    m.HEAPU32[(this.#block >> 2) + 1] = outMax;
    m._speex_resampler_process_int(this.#state, 0, inPtr, this.#block, outPtr, this.#block + 4);
    const written = m.HEAPU32[(this.#block >> 2) + 1]!;
    return m.HEAP16.slice(outPtr >> 1, (outPtr >> 1) + written);
  }

  /** Frees the WASM state; idempotent. */
  close(): void {
    if (this.#state === 0) return;
    this.#m._speex_resampler_destroy(this.#state);
    if (this.#block) this.#m._free(this.#block);
    this.#state = 0;
    this.#block = 0;
    open--;
  }
}
