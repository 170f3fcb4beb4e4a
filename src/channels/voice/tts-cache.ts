/**
 * Synthesized audio by text (Rasa's `tts.cache_size`, default 1000 entries): a repeated response
 * ("Hello, are you still there?") plays without another TTS request. Least recently used goes first.
 * @module
 */
export class TtsCache {
  readonly #capacity: number;
  readonly #entries = new Map<string, readonly Uint8Array[]>();

  constructor(capacity: number) {
    this.#capacity = capacity;
  }

  get(key: string): readonly Uint8Array[] | undefined {
    const audio = this.#entries.get(key);
    if (audio) {
      this.#entries.delete(key);
      this.#entries.set(key, audio);
    }
    return audio;
  }

  put(key: string, audio: readonly Uint8Array[]): void {
    if (this.#capacity === 0) return;
    this.#entries.delete(key);
    this.#entries.set(key, audio);
    if (this.#entries.size > this.#capacity) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
