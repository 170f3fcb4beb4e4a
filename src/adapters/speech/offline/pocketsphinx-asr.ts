/**
 * Offline streaming ASR: Debian's pocketsphinx through koffi. One decoder per stream (decoders are
 * not thread-safe and keep per-utterance state), freed on close.
 *
 * Audio is 16 kHz L16. Pending samples are decoded in batches of at most 100 ms on koffi's worker
 * threads, one call at a time per decoder: the event loop only queues frames and reads results, and
 * a slow machine batches instead of falling behind frame by frame. After each batch the partial
 * hypothesis becomes an `interim` (when it changed), and the decoder's voice activity detector
 * (`ps_get_in_speech`) ends the utterance: its hypothesis becomes the one `final` (never an empty one).
 * There are no `silence` events: the voice session times silence itself. Each stream has at most one
 * call in koffi's queue (256 calls by default), which bounds concurrent streams per process.
 * @module
 */
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { AsrEngine, AsrEvent, AsrStream, AsrStreamOptions, AudioFormat } from '../../../ports/speech.ts';
import { POCKETSPHINX_APT, POCKETSPHINX_MODEL_DIR, pocketsphinxLibrary, type Pointer, type PocketsphinxLibrary } from './pocketsphinx-library.ts';

export interface PocketsphinxOptions {
  /** Acoustic model folder (`-hmm`); default the Debian en-us model. */
  readonly acousticModel?: string;
  /** Language model file (`-lm`, ARPA or binary); default the stock en-us model. */
  readonly languageModel?: string;
  /** Pronunciation dictionary (`-dict`); default the stock CMU dictionary. */
  readonly dictionary?: string;
  /** Runs when the engine closes (e.g. removes model files written for it). */
  readonly cleanup?: () => Promise<void>;
}

const FORMAT: AudioFormat = { encoding: 'l16', sampleRate: 16000 };
/** At most 100 ms per decoder call: keeps the endpoint resolution fine when frames pile up. */
const MAX_BATCH_SAMPLES = 1600;

export class PocketsphinxAsr implements AsrEngine {
  readonly name = 'pocketsphinx';
  readonly inputFormat = FORMAT;
  private readonly argv: readonly string[];
  private readonly library: PocketsphinxLibrary;
  private readonly streams = new Set<PocketsphinxStream>();
  private readonly cleanup: (() => Promise<void>) | undefined;

  /** Throws, naming the apt-get line, when the library or a model file is missing. */
  constructor(options: PocketsphinxOptions = {}) {
    // [option, flag, given path, the Debian default]
    const files = [
      ['acoustic_model', '-hmm', options.acousticModel, join(POCKETSPHINX_MODEL_DIR, 'en-us')],
      ['language_model', '-lm', options.languageModel, join(POCKETSPHINX_MODEL_DIR, 'en-us.lm.bin')],
      ['dictionary', '-dict', options.dictionary, join(POCKETSPHINX_MODEL_DIR, 'cmudict-en-us.dict')],
    ] as const;
    const argv: string[] = [];
    for (const [key, flag, given, fallback] of files) {
      const path = given ?? fallback;
      if (!existsSync(path)) throw new Error(`pocketsphinx ${key} ${path} does not exist${given ? '' : `; install the offline ASR with: ${POCKETSPHINX_APT}`}`);
      argv.push(flag, path);
    }
    this.library = pocketsphinxLibrary();
    this.cleanup = options.cleanup;
    this.argv = [...argv, '-samprate', '16000', '-logfn', '/dev/null'];
  }

  /** Streams open now (each holds a decoder). */
  get openStreams(): number {
    return this.streams.size;
  }

  async open(options: AsrStreamOptions): Promise<AsrStream> {
    const config = this.library.parseConfig(this.argv);
    if (!config) throw new Error(`pocketsphinx rejected its arguments: ${this.argv.join(' ')}`);
    let decoder: Pointer | null;
    try {
      decoder = await this.library.init(config);
    } finally {
      // The decoder keeps its own reference to the configuration.
      this.library.freeConfig(config);
    }
    if (!decoder) throw new Error(`pocketsphinx could not load its models (${this.argv.slice(0, 6).join(' ')})`);
    const stream = new PocketsphinxStream(this.library, decoder, options, () => this.streams.delete(stream));
    this.streams.add(stream);
    return stream;
  }

  async close(): Promise<void> {
    await Promise.all([...this.streams].map((s) => s.close()));
    await this.cleanup?.();
  }
}

class PocketsphinxStream implements AsrStream {
  private pending: Int16Array[] = [];
  private pendingSamples = 0;
  /** An odd trailing byte of the last `send`, completed by the next. */
  private carry: number | undefined;
  private pumping: Promise<void> | undefined;
  private inUtterance = false;
  private lastInterim = '';
  private closed = false;
  private closing: Promise<void> | undefined;

  constructor(
    private readonly library: PocketsphinxLibrary,
    private readonly decoder: Pointer,
    private readonly options: AsrStreamOptions,
    private readonly released: () => void,
  ) {
    library.startUtterance(decoder);
  }

  send(audio: Uint8Array): void {
    if (this.closed || audio.length === 0) return;
    let bytes = audio;
    if (this.carry !== undefined) {
      bytes = new Uint8Array(audio.length + 1);
      bytes[0] = this.carry;
      bytes.set(audio, 1);
      this.carry = undefined;
    }
    if (bytes.length % 2 === 1) this.carry = bytes[bytes.length - 1];
    const count = bytes.length >> 1;
    if (count === 0) return;
    // Copy: the caller may reuse its buffer, and the decoder reads it on another thread later.
    const samples = new Int16Array(count);
    new Uint8Array(samples.buffer).set(bytes.subarray(0, count * 2));
    this.pending.push(samples);
    this.pendingSamples += count;
    this.schedule();
  }

  /** One pump per decoder; frames that arrive as it finishes start the next. */
  private schedule(): void {
    this.pumping ??= this.pump().finally(() => {
      this.pumping = undefined;
      if (!this.closed && this.pendingSamples > 0) this.schedule();
    });
  }

  private async pump(): Promise<void> {
    try {
      while (!this.closed && this.pendingSamples > 0) {
        const batch = this.takeBatch();
        if ((await this.library.processRaw(this.decoder, batch)) < 0) throw new Error('pocketsphinx failed to decode audio');
        if (this.closed) return;
        await this.afterBatch();
      }
    } catch (error) {
      if (this.closed) return;
      this.options.onError(error instanceof Error ? error : new Error(String(error)));
      void this.close();
    }
  }

  private takeBatch(): Int16Array {
    const size = Math.min(this.pendingSamples, MAX_BATCH_SAMPLES);
    const batch = new Int16Array(size);
    let filled = 0;
    while (filled < size) {
      const head = this.pending[0]!;
      const take = Math.min(head.length, size - filled);
      batch.set(head.subarray(0, take), filled);
      filled += take;
      if (take === head.length) this.pending.shift();
      else this.pending[0] = head.subarray(take);
    }
    this.pendingSamples -= size;
    return batch;
  }

  private async afterBatch(): Promise<void> {
    const speaking = this.library.inSpeech(this.decoder);
    if (speaking) {
      this.inUtterance = true;
      const text = (await this.library.hypothesis(this.decoder)).trim();
      if (!this.closed && text !== '' && text !== this.lastInterim) {
        this.lastInterim = text;
        this.emit({ type: 'interim', text });
      }
    } else if (this.inUtterance) {
      this.inUtterance = false;
      this.lastInterim = '';
      await this.library.endUtterance(this.decoder);
      const text = (await this.library.hypothesis(this.decoder)).trim();
      if (this.closed) return;
      this.library.startUtterance(this.decoder);
      if (text !== '') this.emit({ type: 'final', text });
    }
  }

  private emit(event: AsrEvent): void {
    if (!this.closed) this.options.onEvent(event);
  }

  close(): Promise<void> {
    this.closing ??= (async () => {
      this.closed = true;
      this.pending = [];
      this.pendingSamples = 0;
      // The decoder may be in use on a worker thread: free it only once that call returned.
      await this.pumping;
      await this.library.free(this.decoder);
      this.released();
    })();
    return this.closing;
  }
}
