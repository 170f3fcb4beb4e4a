/**
 * What every document store offers the search: the best chunks for a query.
 * @module
 */
import type { Chunk } from './documents.ts';

export interface SearchQuery {
  /** Rasa's query: the latest messages, newest first (embedded by vector stores). */
  readonly text: string;
  /** The user's latest message alone (what the lexical index ranks by). */
  readonly latest: string;
}

export interface Hit {
  readonly chunk: Chunk;
  /** Higher is better; cosine similarity for vector stores, BM25 for the lexical index. */
  readonly score: number;
}

export interface Retriever {
  search(query: SearchQuery, k: number, options?: { signal?: AbortSignal }): Promise<Hit[]>;
}
