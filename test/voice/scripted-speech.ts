/**
 * Scripted speech engines for voice tests: the test decides what the ASR "hears" (interim and final
 * events on the latest stream) and the TTS answers every text with a fixed tone, so the audio frames
 * on the socket are golden. Both count what is open, for leak assertions.
 */
import type { AsrEngine, AsrEvent, AsrStream, AsrStreamOptions, AudioFormat, TtsEngine, TtsRequest } from '../../src/ports/speech.ts';

export class ScriptedAsr implements AsrEngine {
  readonly name = 'scripted';
  readonly inputFormat: AudioFormat = { encoding: 'l16', sampleRate: 16000 };
  readonly streams: ScriptedAsrStream[] = [];
  opened = 0;
  closed = 0;

  async open(options: AsrStreamOptions): Promise<AsrStream> {
    const stream = new ScriptedAsrStream(options, () => this.closed++);
    this.streams.push(stream);
    this.opened++;
    return stream;
  }

  /** The stream of the call that opened last. */
  latest(): ScriptedAsrStream {
    const stream = this.streams.at(-1);
    if (!stream) throw new Error('no ASR stream opened yet');
    return stream;
  }
}

export class ScriptedAsrStream implements AsrStream {
  bytesReceived = 0;
  #open = true;
  constructor(
    readonly options: AsrStreamOptions,
    private readonly onClose: () => void,
  ) {}

  send(audio: Uint8Array): void {
    if (!this.#open) throw new Error('audio sent to a closed ASR stream');
    this.bytesReceived += audio.length;
  }

  emit(event: AsrEvent): void {
    this.options.onEvent(event);
  }

  /** Interims growing word by word, then the final, as a streaming engine reports an utterance. */
  say(text: string): void {
    const words = text.split(' ');
    for (let i = 1; i <= words.length; i++) this.emit({ type: 'interim', text: words.slice(0, i).join(' ') });
    this.emit({ type: 'final', text });
  }

  async close(): Promise<void> {
    if (!this.#open) return;
    this.#open = false;
    this.onClose();
  }
}

/** 16 kHz L16; the test channel runs at 48 kHz, so every call resamples both ways. */
export const TTS_FORMAT: AudioFormat = { encoding: 'l16', sampleRate: 16000 };

export class ScriptedTts implements TtsEngine {
  readonly name = 'scripted';
  readonly outputFormat = TTS_FORMAT;
  requests: string[] = [];
  active = 0;
  /** Milliseconds of audio per word of text. */
  msPerWord = 150;
  /** When set, synthesis waits on it after the first chunk (a slow engine, for mid-TTS disconnects). */
  gate: Promise<void> | undefined;

  async *synthesize(request: TtsRequest): AsyncIterable<Uint8Array> {
    this.requests.push(request.text);
    this.active++;
    try {
      const words = request.text.split(/\s+/).length;
      const samples = (TTS_FORMAT.sampleRate * this.msPerWord * words) / 1000;
      // 100 ms chunks of a constant level: easy to recognise after conversion.
      for (let done = 0; done < samples; done += 1600) {
        if (request.signal?.aborted) return;
        const chunk = new Int16Array(Math.min(1600, samples - done)).fill(1000);
        yield new Uint8Array(chunk.buffer);
        if (this.gate) await Promise.race([this.gate, aborted(request.signal)]);
        await new Promise((resolve) => setImmediate(resolve));
      }
    } finally {
      this.active--;
    }
  }
}

function aborted(signal: AbortSignal | undefined): Promise<void> {
  return new Promise((resolve) => signal?.addEventListener('abort', () => resolve(), { once: true }));
}
