/**
 * One deadline and a retry policy around a provider call; every failure leaves as an `LlmError`.
 * @module
 */
import { APICallError, LoadAPIKeyError } from 'ai';
import { LlmError } from '../../ports/llm-client.ts';

export interface RetryPolicy {
  /** Whole-call deadline (all attempts), ms. */
  readonly timeoutMs: number;
  /** Extra attempts after the first, for 408/429/5xx and network errors. */
  readonly maxRetries: number;
  /** First back-off delay, doubled per attempt (capped at 8 s). A `Retry-After` header wins when shorter than the cap. */
  readonly initialDelayMs: number;
}

const MAX_DELAY_MS = 8_000;

/** Runs `attempt` until it succeeds, fails for good, or the deadline passes. */
export async function callWithRetries<T>(
  attempt: (signal: AbortSignal) => Promise<T>,
  policy: RetryPolicy,
  callerSignal?: AbortSignal,
): Promise<T> {
  const deadline = AbortSignal.timeout(policy.timeoutMs);
  const signal = callerSignal ? AbortSignal.any([callerSignal, deadline]) : deadline;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt(signal);
    } catch (error) {
      if (signal.aborted) throw abortError(deadline.aborted, policy.timeoutMs, error);
      if (tries >= policy.maxRetries || !isRetryable(error)) throw toLlmError(error);
      try {
        await sleep(retryDelayMs(error, policy.initialDelayMs * 2 ** tries), signal);
      } catch {
        throw abortError(deadline.aborted, policy.timeoutMs, error);
      }
    }
  }
}

function isRetryable(error: unknown): boolean {
  if (!APICallError.isInstance(error)) return false;
  const status = error.statusCode;
  return status === undefined ? error.isRetryable : status === 408 || status === 429 || status >= 500;
}

function retryDelayMs(error: unknown, backoffMs: number): number {
  const header = APICallError.isInstance(error) ? error.responseHeaders?.['retry-after'] : undefined;
  const seconds = header === undefined ? NaN : Number(header);
  const wanted = Number.isFinite(seconds) && seconds >= 0 ? seconds * 1000 : backoffMs;
  return Math.min(wanted, MAX_DELAY_MS);
}

function abortError(timedOut: boolean, timeoutMs: number, cause: unknown): LlmError {
  return timedOut
    ? new LlmError(`LLM call timed out after ${timeoutMs / 1000} s`, 'timeout', { cause })
    : new LlmError('LLM call aborted', 'timeout', { cause });
}

export function toLlmError(error: unknown): LlmError {
  if (error instanceof LlmError) return error;
  if (APICallError.isInstance(error)) {
    const status = error.statusCode === undefined ? 'network error' : `HTTP ${error.statusCode}`;
    return new LlmError(`LLM endpoint ${error.url}: ${status}: ${error.message}`, 'http', { cause: error });
  }
  if (LoadAPIKeyError.isInstance(error)) return new LlmError(error.message, 'config', { cause: error });
  return new LlmError(`invalid LLM response: ${error instanceof Error ? error.message : String(error)}`, 'invalid_response', { cause: error });
}

function sleep(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve, reject) => {
    if (signal.aborted) return reject(signal.reason);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal.reason);
    };
    const timer = setTimeout(() => {
      signal.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    signal.addEventListener('abort', onAbort, { once: true });
  });
}
