/**
 * The EnterpriseSearchPolicy entry of config.yml and the `vector_store` section of endpoints.yml as
 * typed settings, with Rasa's defaults. The project validator reports bad values with file:line;
 * this reader assumes a validated project and only falls back to defaults.
 * @module
 */
import type { Assistant, ModelConfig, ModelGroup, PipelineComponent } from '../../core/assistant.ts';
import { resolveModelOption } from '../../core/model-config.ts';
import { SEARCH_POLICY } from '../../core/engine/search-step.ts';

export type VectorStoreType = 'faiss' | 'qdrant' | 'milvus';

export interface SearchSettings {
  /** Documents folder, relative to the project (Rasa `vector_store.source`, default `./docs`). */
  readonly source: string;
  readonly storeType: VectorStoreType;
  /** Lowest similarity a vector hit needs (Rasa `vector_store.threshold`, default 0). */
  readonly threshold: number;
  /** `endpoints.yml` `vector_store` (qdrant/milvus connection). */
  readonly endpoint: Readonly<Record<string, unknown>>;
  readonly llm: ModelConfig | ModelGroup;
  /** Absent: the embedded store ranks chunks lexically (BM25), so it works with no API key. */
  readonly embeddings?: ModelConfig | ModelGroup;
  /** Project-relative path of a custom Jinja prompt (`prompt_template`, or the older `prompt`). */
  readonly promptTemplate?: string;
  /** false: answers are extracted from the best document, no LLM call. */
  readonly useGenerativeLlm: boolean;
  readonly citationEnabled: boolean;
  readonly checkRelevancy: boolean;
  /** Turns of the conversation shown to the LLM; absent = all. */
  readonly maxHistory?: number;
  /** Latest user and bot messages that make up the search query (default 2). */
  readonly maxMessagesInQuery: number;
  /** Chunks retrieved per question. */
  readonly topK: number;
}

/** Rasa's default model for this policy. */
const DEFAULT_LLM: ModelConfig = { provider: 'openai', model: 'gpt-4.1-mini-2025-04-14', temperature: 0, timeout: 10, maxTokens: 256, maxRetries: 1, extra: {} };
const DEFAULT_EMBEDDINGS: ModelConfig = { provider: 'openai', model: 'text-embedding-3-large', extra: {} };
/** langchain's retriever default, which Rasa's FAISS store uses. */
const TOP_K = 4;

export function searchPolicyOf(assistant: Assistant): PipelineComponent | undefined {
  return assistant.config.policies.find((p) => p.name === SEARCH_POLICY);
}

export function readSearchSettings(assistant: Assistant, policy: PipelineComponent): SearchSettings {
  const o = policy.options;
  const store = record(o.vector_store);
  const endpoint = record(assistant.endpoints.other.vector_store);
  const type = String(store.type ?? endpoint.type ?? 'faiss').toLowerCase();
  const prompt = o.prompt_template ?? o.prompt;
  return {
    source: typeof store.source === 'string' ? store.source : './docs',
    storeType: type === 'qdrant' || type === 'milvus' ? type : 'faiss',
    threshold: typeof store.threshold === 'number' ? store.threshold : 0,
    endpoint,
    llm: resolveModelOption(o.llm, DEFAULT_LLM, assistant.endpoints.modelGroups),
    ...(o.embeddings != null || type !== 'faiss' ? { embeddings: resolveModelOption(o.embeddings, DEFAULT_EMBEDDINGS, assistant.endpoints.modelGroups) } : {}),
    ...(typeof prompt === 'string' ? { promptTemplate: prompt } : {}),
    useGenerativeLlm: o.use_generative_llm !== false,
    citationEnabled: o.citation_enabled === true,
    checkRelevancy: o.check_relevancy === true,
    ...(typeof o.max_history === 'number' ? { maxHistory: o.max_history } : {}),
    maxMessagesInQuery: typeof o.max_messages_in_query === 'number' ? o.max_messages_in_query : 2,
    topK: TOP_K,
  };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}
