/**
 * Retries of a ReAct agent's LLM calls: timeouts, 408/429/5xx and network errors are retried with
 * back-off 1, 2, 4… s (capped at 5 s) up to `max_retries`; anything else fails at once.
 * @module
 */
import { APICallError } from 'ai';

export interface LlmRetryPolicy {
  /** Per attempt, ms. */
  readonly timeoutMs: number;
  readonly maxRetries: number;
  /** First back-off (default 1 s); tests shorten it. */
  readonly baseDelayMs: number;
}

const MAX_DELAY_MS = 5_000;

export class LlmCallError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'LlmCallError';
  }
}

export async function withLlmRetries<T>(attempt: (signal: AbortSignal) => Promise<T>, policy: LlmRetryPolicy, callerSignal?: AbortSignal): Promise<T> {
  for (let tries = 0; ; tries++) {
    const deadline = AbortSignal.timeout(policy.timeoutMs);
    const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
    try {
      return await attempt(signal);
    } catch (error) {
      if (callerSignal?.aborted) throw new LlmCallError('LLM call aborted', { cause: error });
      const recoverable = deadline.aborted || isRecoverable(error);
      if (!recoverable || tries >= policy.maxRetries) throw new LlmCallError(describe(error, deadline.aborted, policy.timeoutMs, tries), { cause: error });
      await new Promise((r) => setTimeout(r, Math.min(policy.baseDelayMs * 2 ** tries, MAX_DELAY_MS)));
    }
  }
}

function isRecoverable(error: unknown): boolean {
  if (!APICallError.isInstance(error)) return false;
  const status = error.statusCode;
  return status === undefined ? error.isRetryable : status === 408 || status === 429 || status >= 500;
}

function describe(error: unknown, timedOut: boolean, timeoutMs: number, retries: number): string {
  const after = retries > 0 ? ` (after ${retries} retries)` : '';
  if (timedOut) return `LLM call timed out after ${timeoutMs / 1000} s${after}`;
  if (APICallError.isInstance(error)) return `LLM endpoint ${error.url}: ${error.statusCode === undefined ? 'network error' : `HTTP ${error.statusCode}`}: ${error.message}${after}`;
  return `LLM call failed: ${error instanceof Error ? error.message : String(error)}`;
}
