/**
 * The no-key retriever: BM25 ranking (MiniSearch's BM25+) over the chunks, built in memory at load.
 * @module
 */
import MiniSearch from 'minisearch';
import type { Chunk } from './documents.ts';
import type { Hit, Retriever, SearchQuery } from './retriever.ts';
import { termOf } from './terms.ts';

export class LexicalIndex implements Retriever {
  readonly #chunks: readonly Chunk[];
  readonly #index: MiniSearch<{ id: number; text: string }>;

  constructor(chunks: readonly Chunk[]) {
    this.#chunks = chunks;
    this.#index = new MiniSearch({ fields: ['text'], processTerm: termOf });
    this.#index.addAll(chunks.map((chunk, id) => ({ id, text: chunk.text })));
  }

  async search(query: SearchQuery, k: number): Promise<Hit[]> {
    // Only the user's own words: the bot's question in Rasa's query ("How much would you like to
    // send?") would otherwise match documents about what the user did not ask.
    const results = this.#index.search(query.latest, { prefix: (term) => term.length >= 5 });
    return results.slice(0, k).map((r) => ({ chunk: this.#chunks[r.id as number]!, score: r.score }));
  }
}
