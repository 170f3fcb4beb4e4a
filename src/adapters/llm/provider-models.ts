/**
 * Maps a `ModelConfig` (endpoints.yml model group entry) to an AI SDK model.
 * @module
 */
import { createAnthropic } from '@ai-sdk/anthropic';
import { createOpenAI } from '@ai-sdk/openai';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import type { EmbeddingModel, LanguageModel } from 'ai';
import type { ModelConfig } from '../../core/assistant.ts';
import { LlmError } from '../../ports/llm-client.ts';
import { providerKind } from './provider-kind.ts';

function compatible(config: ModelConfig) {
  if (!config.apiBase) throw new LlmError(`provider '${config.provider}' needs api_base (the server URL, e.g. http://127.0.0.1:11434/v1)`, 'config');
  return createOpenAICompatible({
    name: config.provider,
    baseURL: config.apiBase.replace(/\/+$/, ''),
    apiKey: config.apiKey,
    includeUsage: true,
  });
}

/** Azure OpenAI: `{api_base}/openai/deployments/{deployment}` with `api-version` and an `api-key` header. */
function azure(config: ModelConfig) {
  if (!config.apiBase) throw new LlmError('provider azure needs api_base (https://<resource>.openai.azure.com)', 'config');
  const deployment = config.deployment ?? config.model;
  return createOpenAICompatible({
    name: 'azure',
    baseURL: `${config.apiBase.replace(/\/+$/, '')}/openai/deployments/${encodeURIComponent(deployment)}`,
    headers: config.apiKey ? { 'api-key': config.apiKey } : undefined,
    queryParams: { 'api-version': config.apiVersion ?? '2024-10-21' },
    includeUsage: true,
  });
}

export function languageModelFor(config: ModelConfig): LanguageModel {
  switch (providerKind(config)) {
    case 'openai':
      // Chat Completions rather than the Responses API: the same wire format as every compatible server.
      return createOpenAI({ apiKey: config.apiKey }).chat(config.model);
    case 'anthropic':
      return createAnthropic({ apiKey: config.apiKey, baseURL: config.apiBase })(config.model);
    case 'azure':
      return azure(config).chatModel(config.deployment ?? config.model);
    case 'compatible':
      return compatible(config).chatModel(config.model);
  }
}

export function embeddingModelFor(config: ModelConfig): EmbeddingModel {
  switch (providerKind(config)) {
    case 'openai':
      return createOpenAI({ apiKey: config.apiKey }).embeddingModel(config.model);
    case 'anthropic':
      throw new LlmError('anthropic has no embeddings API: use an openai, azure or OpenAI-compatible model group for embeddings', 'config');
    case 'azure':
      return azure(config).embeddingModel(config.deployment ?? config.model);
    case 'compatible':
      return compatible(config).embeddingModel(config.model);
  }
}
