/**
 * The knowledge search behind `pattern_search` (Rasa `EnterpriseSearchPolicy.predict_action_probabilities`):
 * query from the latest messages → retrieval → an LLM answer from the prompt (relevancy check and
 * citations as configured) or an extractive one.
 * @module
 */
import { transcript } from '../../core/engine/transcript.ts';
import type { KnowledgeAnswer, KnowledgeQuery, KnowledgeSearch } from '../../ports/knowledge-search.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import { extractiveAnswer, isNotRelevant, renderSearchPrompt, renumberCitations, searchQueryOf } from './answers.ts';
import type { Retriever } from './retriever.ts';
import type { SearchSettings } from './search-settings.ts';

/** `max_history` unset: the whole conversation (bounded, so a long chat cannot blow up the prompt). */
const ALL_TURNS = 1000;

export interface EnterpriseSearchDeps {
  readonly settings: SearchSettings;
  readonly retriever: Retriever;
  /** Absent: extractive answers. */
  readonly llm?: LlmClient;
  /** The Jinja template (the default one, or the project's `prompt_template` file). */
  readonly prompt: string;
}

export class EnterpriseSearch implements KnowledgeSearch {
  constructor(private readonly deps: EnterpriseSearchDeps) {}

  async answer({ state, domain }: KnowledgeQuery, options: { signal?: AbortSignal } = {}): Promise<KnowledgeAnswer> {
    const { settings, retriever, llm } = this.deps;
    const query = searchQueryOf(state.events, settings.maxMessagesInQuery);
    const hits = await retriever.search(query, settings.topK, options);
    if (!llm) {
      // Without an LLM to judge relevancy, a best document that shares no word with the question
      // is no answer: the user hears "I couldn't find an answer" instead of an unrelated sentence.
      const answer = hits.length > 0 ? extractiveAnswer(hits, query.latest) : undefined;
      if (answer === undefined) return { kind: 'not_relevant', searchQuery: query.text };
      return { kind: 'answer', text: answer, searchQuery: query.text, searchResults: hits.map((h) => h.chunk.text) };
    }
    if (hits.length === 0) return { kind: 'no_results', searchQuery: query.text };
    const searchResults = hits.map((h) => h.chunk.text);
    const prompt = renderSearchPrompt(this.deps.prompt, {
      hits,
      currentConversation: transcript(state.events, settings.maxHistory ?? ALL_TURNS),
      slots: state.slots,
      domain,
      citationEnabled: settings.citationEnabled,
      checkRelevancy: settings.checkRelevancy,
    });
    const completion = await llm.complete([{ role: 'user', content: prompt }], options);
    if (settings.checkRelevancy && isNotRelevant(completion.text)) return { kind: 'not_relevant', searchQuery: query.text };
    const text = settings.citationEnabled ? renumberCitations(completion.text) : completion.text.trim();
    return { kind: 'answer', text, searchQuery: query.text, searchResults };
  }
}
