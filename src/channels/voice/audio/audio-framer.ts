/**
 * Cuts a stream of audio bytes into fixed-size frames (20 ms for telephony), carrying the remainder
 * over to the next chunk.
 * @module
 */
export class AudioFramer {
  readonly #frameBytes: number;
  #pending: Uint8Array = new Uint8Array(0);

  constructor(frameBytes: number) {
    if (frameBytes <= 0) throw new Error('frame size must be positive');
    this.#frameBytes = frameBytes;
  }

  /** The whole frames available after adding `chunk`. */
  push(chunk: Uint8Array): Uint8Array[] {
    let data = chunk;
    if (this.#pending.length > 0) {
      data = new Uint8Array(this.#pending.length + chunk.length);
      data.set(this.#pending);
      data.set(chunk, this.#pending.length);
    }
    const frames: Uint8Array[] = [];
    let offset = 0;
    for (; offset + this.#frameBytes <= data.length; offset += this.#frameBytes) frames.push(data.slice(offset, offset + this.#frameBytes));
    this.#pending = data.slice(offset);
    return frames;
  }

  /** What is left (shorter than a frame), emptied. */
  flush(): Uint8Array | undefined {
    const rest = this.#pending;
    this.#pending = new Uint8Array(0);
    return rest.length > 0 ? rest : undefined;
  }
}
