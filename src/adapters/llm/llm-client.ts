/**
 * `LlmClient` and `EmbeddingClient` on the AI SDK, for every provider of `provider-models.ts`.
 * @module
 */
import { embedMany, generateText } from 'ai';
import type { ModelConfig, ModelGroup } from '../../core/assistant.ts';
import { LlmError, type EmbeddingClient, type LlmClient } from '../../ports/llm-client.ts';
import { callWithRetries, type RetryPolicy } from './call-with-retries.ts';
import { embeddingModelFor, languageModelFor } from './provider-models.ts';

export interface LlmClientOptions {
  /** First retry back-off, ms (default 500). Tests shorten it. */
  readonly retryDelayMs?: number;
}

const DEFAULT_TIMEOUT_SECONDS = 10;
const DEFAULT_MAX_RETRIES = 2;

function retryPolicy(config: ModelConfig, options: LlmClientOptions): RetryPolicy {
  return {
    timeoutMs: (config.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
    maxRetries: config.maxRetries ?? DEFAULT_MAX_RETRIES,
    initialDelayMs: options.retryDelayMs ?? 500,
  };
}

/** A text-completion client for one model. Throws `LlmError('config')` for an unusable configuration. */
export function createLlmClient(config: ModelConfig, options: LlmClientOptions = {}): LlmClient {
  const model = languageModelFor(config);
  const policy = retryPolicy(config, options);
  return {
    async complete(messages, callOptions) {
      const started = performance.now();
      const result = await callWithRetries(
        (abortSignal) =>
          generateText({
            model,
            messages: messages.map((m) => ({ role: m.role, content: m.content })),
            temperature: config.temperature,
            maxOutputTokens: config.maxTokens,
            // Retries are ours: one deadline over all attempts, and a back-off tests can shorten.
            maxRetries: 0,
            abortSignal,
          }),
        policy,
        callOptions?.signal,
      );
      return {
        text: result.text,
        usage: { inputTokens: result.usage.inputTokens ?? 0, outputTokens: result.usage.outputTokens ?? 0 },
        latencyMs: Math.round(performance.now() - started),
        model: result.response.modelId || config.model,
      };
    },
  };
}

/** An embeddings client for one model. */
export function createEmbeddingClient(config: ModelConfig, options: LlmClientOptions = {}): EmbeddingClient {
  const model = embeddingModelFor(config);
  const policy = retryPolicy(config, options);
  return {
    async embed(texts) {
      if (texts.length === 0) return [];
      const result = await callWithRetries((abortSignal) => embedMany({ model, values: [...texts], maxRetries: 0, abortSignal }), policy);
      return result.embeddings;
    },
  };
}

/** The model a group without a `router:` uses: its first (Rasa requires a router for more than one). */
export function modelOfGroup(group: ModelGroup): ModelConfig {
  const first = group.models[0];
  if (!first) throw new LlmError(`model group '${group.id}' has no models`, 'config');
  return first;
}
