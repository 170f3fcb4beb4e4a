/**
 * Client factories for the LLM command generators' `llmClientFor` / `embeddingClientFor`:
 * one client per model or model group, built on first use and shared afterwards.
 * @module
 */
import type { ModelConfig, ModelGroup } from '../../core/assistant.ts';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import { createEmbeddingClient, createLlmClient, modelOfGroup, type LlmClientOptions } from './llm-client.ts';

export interface ModelClients {
  llmClientFor(model: ModelConfig | ModelGroup): LlmClient;
  embeddingClientFor(model: ModelConfig | ModelGroup): EmbeddingClient;
}

export function createModelClients(options: LlmClientOptions = {}): ModelClients {
  const llms = new WeakMap<ModelConfig | ModelGroup, LlmClient>();
  const embedders = new WeakMap<ModelConfig | ModelGroup, EmbeddingClient>();
  const configOf = (model: ModelConfig | ModelGroup) => ('models' in model ? modelOfGroup(model) : model);
  return {
    llmClientFor(model) {
      let client = llms.get(model);
      if (!client) llms.set(model, (client = createLlmClient(configOf(model), options)));
      return client;
    },
    embeddingClientFor(model) {
      let client = embedders.get(model);
      if (!client) embedders.set(model, (client = createEmbeddingClient(configOf(model), options)));
      return client;
    },
  };
}
