/**
 * The knowledge base of an assistant with an EnterpriseSearchPolicy: what `colloquy train` stores
 * in the model bundle (the chunks, their vectors when an embeddings model is set, a custom prompt),
 * and the search built from it — or from the project's documents when no trained index is there.
 * @module
 */
import { readFile } from 'node:fs/promises';
import { resolve } from 'node:path';
import type { Assistant, ModelConfig, ModelGroup } from '../../core/assistant.ts';
import type { KnowledgeSearch } from '../../ports/knowledge-search.ts';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import { DEFAULT_SEARCH_PROMPT } from './answers.ts';
import { loadChunks, type Chunk } from './documents.ts';
import { EnterpriseSearch } from './enterprise-search.ts';
import { LexicalIndex } from './lexical-index.ts';
import { MilvusStore } from './milvus-store.ts';
import { QdrantStore } from './qdrant-store.ts';
import type { Retriever } from './retriever.ts';
import { readSearchSettings, searchPolicyOf, type SearchSettings } from './search-settings.ts';
import { VectorIndex } from './vector-index.ts';

export { KnowledgeBaseError } from './documents.ts';

/** `bundle.trained.search`. */
export interface TrainedKnowledge {
  readonly version: 1;
  readonly chunks: readonly Chunk[];
  /** Present when the policy has `embeddings`: the model that made them, and the vectors. */
  readonly vectors?: { readonly model: string; readonly dimensions: number; readonly vectors: string };
  /** The custom prompt's text, so a bundle runs without the project folder. */
  readonly prompt?: string;
}

export interface ModelClientSource {
  llmClientFor(model: ModelConfig | ModelGroup): LlmClient;
  embeddingClientFor(model: ModelConfig | ModelGroup): EmbeddingClient;
}

/** Whether the search calls a model: generated answers, or embeddings for a vector store. */
export function needsModelClients(assistant: Assistant): boolean {
  const policy = searchPolicyOf(assistant);
  if (!policy) return false;
  const settings = readSearchSettings(assistant, policy);
  return settings.useGenerativeLlm || settings.embeddings !== undefined;
}

/** What `colloquy train` stores for the search; `undefined` when the project has no search policy or uses a remote store. */
export async function trainKnowledge(assistant: Assistant, clients: ModelClientSource | undefined): Promise<TrainedKnowledge | undefined> {
  const policy = searchPolicyOf(assistant);
  if (!policy) return undefined;
  const settings = readSearchSettings(assistant, policy);
  if (settings.storeType !== 'faiss') return undefined;
  const chunks = await loadChunks(resolve(assistant.root, settings.source), assistant.root);
  const prompt = settings.promptTemplate ? await readFile(resolve(assistant.root, settings.promptTemplate), 'utf8') : undefined;
  let vectors: TrainedKnowledge['vectors'];
  if (settings.embeddings && clients) {
    const index = await VectorIndex.build(chunks, clients.embeddingClientFor(settings.embeddings));
    vectors = { model: modelName(settings.embeddings), ...index.serialize() };
  }
  return { version: 1, chunks, ...(vectors ? { vectors } : {}), ...(prompt !== undefined ? { prompt } : {}) };
}

/**
 * The search for `assistant`, or `undefined` when it has no EnterpriseSearchPolicy. `trained` is
 * the bundle's index; without it the documents are read and indexed now. `clients` is needed for
 * generated answers and for vector stores; without it answers are extractive and ranking lexical.
 */
export async function createKnowledgeSearch(assistant: Assistant, clients: ModelClientSource | undefined, trained?: TrainedKnowledge): Promise<KnowledgeSearch | undefined> {
  const policy = searchPolicyOf(assistant);
  if (!policy) return undefined;
  const settings = readSearchSettings(assistant, policy);
  const knowledge = trained ?? (await trainKnowledge(assistant, undefined));
  const retriever = await retrieverFor(settings, knowledge, clients);
  const prompt = knowledge?.prompt ?? (settings.promptTemplate ? await readFile(resolve(assistant.root, settings.promptTemplate), 'utf8') : DEFAULT_SEARCH_PROMPT);
  const llm = settings.useGenerativeLlm && clients ? clients.llmClientFor(settings.llm) : undefined;
  return new EnterpriseSearch({ settings, retriever, prompt, ...(llm ? { llm } : {}) });
}

async function retrieverFor(settings: SearchSettings, knowledge: TrainedKnowledge | undefined, clients: ModelClientSource | undefined): Promise<Retriever> {
  const embedder = settings.embeddings && clients ? clients.embeddingClientFor(settings.embeddings) : undefined;
  if (settings.storeType !== 'faiss') {
    if (!embedder) throw new Error(`the ${settings.storeType} vector store needs an embeddings model`);
    return settings.storeType === 'qdrant' ? new QdrantStore(settings.endpoint, embedder, settings.threshold) : new MilvusStore(settings.endpoint, embedder, settings.threshold);
  }
  const chunks = knowledge?.chunks ?? [];
  if (!embedder || !settings.embeddings) return new LexicalIndex(chunks);
  const stored = knowledge?.vectors;
  if (stored && stored.model === modelName(settings.embeddings)) return VectorIndex.deserialize(chunks, stored, embedder, settings.threshold);
  return VectorIndex.build(chunks, embedder, settings.threshold);
}

function modelName(model: ModelConfig | ModelGroup): string {
  const config = 'models' in model ? model.models[0] : model;
  return `${config?.provider ?? ''}/${config?.model ?? ''}`;
}
