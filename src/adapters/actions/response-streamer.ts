/**
 * The `stream` an in-process action writes to: forwards chunks to the caller's `onChunk` and
 * keeps the full text of every streamed response, which becomes part of the action's reply.
 * @module
 */
import type { TextChunk } from '../../ports/action-runner.ts';
import type { ActionStream } from './action-protocol.ts';

export class ResponseStreamer implements ActionStream {
  readonly #onChunk: ((chunk: TextChunk) => void) | undefined;
  readonly #texts: string[] = [];
  #open: { id: string; text: string } | undefined;
  #finished = false;

  constructor(onChunk?: (chunk: TextChunk) => void) {
    this.#onChunk = onChunk;
  }

  chunk(text: string): void {
    requireString(text);
    if (this.#finished || text === '') return;
    this.#open ??= { id: crypto.randomUUID(), text: '' };
    this.#open.text += text;
    this.#onChunk?.({ text, last: false, responseId: this.#open.id });
  }

  end(text = ''): void {
    requireString(text);
    if (this.#finished || (!this.#open && text === '')) return;
    const open = this.#open ?? { id: crypto.randomUUID(), text: '' };
    this.#open = undefined;
    open.text += text;
    if (open.text !== '') this.#texts.push(open.text);
    this.#onChunk?.({ text, last: true, responseId: open.id });
  }

  /** Ends the open response and ignores later writes (a handler that outlives its timeout); returns every streamed text. */
  finish(): readonly string[] {
    this.end();
    this.#finished = true;
    return this.#texts;
  }
}

function requireString(text: unknown): asserts text is string {
  if (typeof text !== 'string') throw new TypeError(`stream.chunk/end expects a string, got ${typeof text}.`);
}
