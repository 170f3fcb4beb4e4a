/**
 * Text completion for command generators; the AI SDK implements it in adapters/.
 * @module
 */

export interface LlmMessage {
  readonly role: 'system' | 'user' | 'assistant';
  readonly content: string;
}

export interface LlmUsage {
  readonly inputTokens: number;
  readonly outputTokens: number;
}

export interface LlmCompletion {
  readonly text: string;
  readonly usage?: LlmUsage;
  readonly latencyMs: number;
  readonly model: string;
}

export interface LlmClient {
  /** Rejects with `LlmError` on timeout, HTTP errors after retries, or a malformed answer. */
  complete(messages: readonly LlmMessage[], options?: { signal?: AbortSignal }): Promise<LlmCompletion>;
}

export interface EmbeddingClient {
  embed(texts: readonly string[]): Promise<number[][]>;
}

export class LlmError extends Error {
  readonly code = 'llm_error';
  constructor(message: string, readonly kind: 'timeout' | 'http' | 'invalid_response' | 'config', options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmError';
  }
}
