/**
 * Client factories for a model or a model group: a group with a `router:` routes each call over its
 * models; one without uses its first model. `createModelClients` builds each client on first use and
 * shares it afterwards (the command generators' `llmClientFor` / `embeddingClientFor`).
 * @module
 */
import type { ModelConfig, ModelGroup } from '../../core/assistant.ts';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import { createEmbeddingClient, createLlmClient, modelOfGroup, type LlmClientOptions } from './llm-client.ts';
import { createRoutedEmbeddingClient, createRoutedLlmClient } from './routed-clients.ts';

export interface ModelClients {
  llmClientFor(model: ModelConfig | ModelGroup): LlmClient;
  embeddingClientFor(model: ModelConfig | ModelGroup): EmbeddingClient;
}

export function llmClientOf(model: ModelConfig | ModelGroup, options: LlmClientOptions = {}): LlmClient {
  if (!('models' in model)) return createLlmClient(model, options);
  return model.router ? createRoutedLlmClient({ ...model, router: model.router }, options) : createLlmClient(modelOfGroup(model), options);
}

export function embeddingClientOf(model: ModelConfig | ModelGroup, options: LlmClientOptions = {}): EmbeddingClient {
  if (!('models' in model)) return createEmbeddingClient(model, options);
  return model.router ? createRoutedEmbeddingClient({ ...model, router: model.router }, options) : createEmbeddingClient(modelOfGroup(model), options);
}

export function createModelClients(options: LlmClientOptions = {}): ModelClients {
  const llms = new WeakMap<ModelConfig | ModelGroup, LlmClient>();
  const embedders = new WeakMap<ModelConfig | ModelGroup, EmbeddingClient>();
  return {
    llmClientFor(model) {
      let client = llms.get(model);
      if (!client) llms.set(model, (client = llmClientOf(model, options)));
      return client;
    },
    embeddingClientFor(model) {
      let client = embedders.get(model);
      if (!client) embedders.set(model, (client = embeddingClientOf(model, options)));
      return client;
    },
  };
}
