/**
 * Answers a knowledge question from documents (Rasa `EnterpriseSearchPolicy`): retrieval from a
 * vector store or a lexical index, then an LLM-written or extractive answer. Adapters live in
 * `src/adapters/search`.
 * @module
 */
import type { Domain } from '../core/domain.ts';
import type { ConversationState } from '../core/state.ts';

export interface KnowledgeQuery {
  /** The conversation as it stands, the question being its latest user message. */
  readonly state: ConversationState;
  readonly domain: Domain;
}

export type KnowledgeAnswer =
  /** `searchResults` are the texts the answer was grounded in (recorded on the bot event, as Rasa does). */
  | { readonly kind: 'answer'; readonly text: string; readonly searchQuery: string; readonly searchResults: readonly string[] }
  /** Retrieval found nothing (Rasa: `pattern_cannot_handle` with its default reason). */
  | { readonly kind: 'no_results'; readonly searchQuery: string }
  /** The relevancy check rejected the answer (`cannot_handle_no_relevant_answer`). */
  | { readonly kind: 'not_relevant'; readonly searchQuery: string };

export interface KnowledgeSearch {
  /** Rejects when the store or the LLM fails; the engine then runs `pattern_internal_error`. */
  answer(query: KnowledgeQuery, options?: { signal?: AbortSignal }): Promise<KnowledgeAnswer>;
}
