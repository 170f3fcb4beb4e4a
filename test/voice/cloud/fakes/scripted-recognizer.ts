/**
 * The "recognition" behind the fake ASR vendors: test audio is L16 (or μ-law) where every sample of
 * an utterance carries the same level, and the level says which sentence it is. Like a real
 * recognizer it reports partial words while the speech goes on, a finished segment midway, and the
 * end of the utterance after 200 ms of silence.
 */

export const SENTENCES: Readonly<Record<number, string>> = {
  1000: 'i would like to book a flight',
  2000: 'please check my balance',
};

/** `ms` of one sentence's "speech" followed by `silenceMs` of silence, in 16-bit little-endian PCM. */
export function sentenceAudio(level: number, ms: number, silenceMs: number, sampleRate = 16000): Uint8Array {
  const speech = (sampleRate * ms) / 1000;
  const audio = Buffer.alloc(((sampleRate * (ms + silenceMs)) / 1000) * 2);
  for (let i = 0; i < speech; i++) audio.writeInt16LE(level, i * 2);
  return audio;
}

export type Recognized =
  | { readonly kind: 'partial'; readonly text: string }
  | { readonly kind: 'segment'; readonly text: string; readonly last: boolean };

const FRAME_SAMPLES_16K = 320;
const PARTIAL_AFTER = 5;
const SEGMENT_AFTER = 15;
const END_AFTER_SILENT = 10;

export class ScriptedRecognizer {
  private level = 0;
  private speechFrames = 0;
  private silentFrames = 0;
  private segmentSent = 0;
  private pending = Buffer.alloc(0);

  constructor(private readonly report: (result: Recognized) => void) {}

  /** L16 audio in any chunking; looked at in 20 ms frames. */
  audio(data: Uint8Array): void {
    this.pending = Buffer.concat([this.pending, data]);
    const frameBytes = FRAME_SAMPLES_16K * 2;
    while (this.pending.length >= frameBytes) {
      this.frame(this.pending.readInt16LE(0));
      this.pending = this.pending.subarray(frameBytes);
    }
  }

  private frame(sample: number): void {
    const words = (SENTENCES[this.level] ?? '').split(' ');
    if (sample !== 0) {
      this.level = sample;
      this.silentFrames = 0;
      this.speechFrames += 1;
      const sentence = (SENTENCES[sample] ?? 'unknown speech').split(' ');
      if (this.speechFrames === PARTIAL_AFTER) this.report({ kind: 'partial', text: sentence.slice(0, 2).join(' ') });
      if (this.speechFrames === SEGMENT_AFTER) {
        this.segmentSent = 3;
        this.report({ kind: 'segment', text: sentence.slice(0, 3).join(' '), last: false });
      }
      return;
    }
    if (this.speechFrames === 0) return;
    this.silentFrames += 1;
    if (this.silentFrames < END_AFTER_SILENT) return;
    this.report({ kind: 'segment', text: words.slice(this.segmentSent).join(' '), last: true });
    this.speechFrames = 0;
    this.segmentSent = 0;
  }
}
