/**
 * `LlmClient` and `EmbeddingClient` for a model group with a `router:`: every call goes through the
 * group's `ModelRouter`, and with `cache_responses` identical requests are answered from memory.
 * @module
 */
import type { ModelConfig, ModelGroup, ModelRouterSettings } from '../../core/assistant.ts';
import type { EmbeddingClient, LlmClient, LlmCompletion } from '../../ports/llm-client.ts';
import { createEmbeddingClient, createLlmClient, type LlmClientOptions } from './llm-client.ts';
import { ModelRouter } from './model-router.ts';

/** Entries a response cache keeps (least recently used ones go first). */
const CACHE_ENTRIES = 1_000;

type RoutedGroup = ModelGroup & { readonly router: ModelRouterSettings };

export function createRoutedLlmClient(group: RoutedGroup, options: LlmClientOptions = {}): LlmClient {
  const clients = group.models.map((m) => createLlmClient(withoutOwnRetries(m), options));
  const router = routerOf(group);
  const cache = group.router.cacheResponses ? new LruCache<LlmCompletion>(CACHE_ENTRIES) : undefined;
  return {
    async complete(messages, callOptions) {
      const key = cache && JSON.stringify(messages);
      const cached = key === undefined ? undefined : cache!.get(key);
      if (cached) return { ...cached, latencyMs: 0 };
      const result = await router.run(
        (i) => clients[i]!.complete(messages, callOptions),
        (r) => (r.usage ? r.usage.inputTokens + r.usage.outputTokens : 0),
        callOptions?.signal,
      );
      if (key !== undefined) cache!.set(key, result);
      return result;
    },
  };
}

export function createRoutedEmbeddingClient(group: RoutedGroup, options: LlmClientOptions = {}): EmbeddingClient {
  const clients = group.models.map((m) => createEmbeddingClient(withoutOwnRetries(m), options));
  const router = routerOf(group);
  const cache = group.router.cacheResponses ? new LruCache<number[][]>(CACHE_ENTRIES) : undefined;
  return {
    async embed(texts) {
      const key = cache && JSON.stringify(texts);
      const cached = key === undefined ? undefined : cache!.get(key);
      if (cached) return cached;
      const vectors = await router.run((i) => clients[i]!.embed(texts));
      if (key !== undefined) cache!.set(key, vectors);
      return vectors;
    },
  };
}

export function routerOf(group: RoutedGroup): ModelRouter {
  return new ModelRouter(group.router, { weights: group.models.map(weightOf) });
}

/** In a group, a failing model hands over to the next one rather than retrying, unless it sets `max_retries`. */
export function withoutOwnRetries(model: ModelConfig): ModelConfig {
  return model.maxRetries === undefined ? { ...model, maxRetries: 0 } : model;
}

/** LiteLLM's simple-shuffle weight: `weight`, else `rpm`, else `tpm`, else 1. */
function weightOf(model: ModelConfig): number {
  for (const key of ['weight', 'rpm', 'tpm']) {
    const value = Number(model.extra[key]);
    if (Number.isFinite(value) && value > 0) return value;
  }
  return 1;
}

class LruCache<V> {
  readonly #entries = new Map<string, V>();
  constructor(readonly size: number) {}

  get(key: string): V | undefined {
    const value = this.#entries.get(key);
    if (value !== undefined) {
      this.#entries.delete(key);
      this.#entries.set(key, value);
    }
    return value;
  }

  set(key: string, value: V): void {
    this.#entries.delete(key);
    this.#entries.set(key, value);
    if (this.#entries.size > this.size) this.#entries.delete(this.#entries.keys().next().value!);
  }
}
