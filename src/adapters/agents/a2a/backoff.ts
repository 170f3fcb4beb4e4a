/**
 * Exponential back-off (doubling, capped at 5 s as in Rasa) for retries and task polling.
 * @module
 */
import { isTransient } from './a2a-errors.ts';

export const MAX_DELAY_MS = 5_000;

export function nextDelay(delayMs: number): number {
  return Math.min(delayMs * 2, MAX_DELAY_MS);
}

/** Resolves after `ms`, or rejects with the signal's reason when it aborts first. */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolvePromise, reject) => {
    if (signal?.aborted) return reject(signal.reason as Error);
    const timer = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolvePromise();
    }, ms);
    const onAbort = () => {
      clearTimeout(timer);
      reject(signal!.reason as Error);
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });
}

export interface RetryPolicy {
  readonly maxRetries: number;
  readonly baseDelayMs: number;
}

/** Runs `attempt`, trying again after transient failures (peer unreachable, 429/502/503/504). */
export async function withRetries<T>(attempt: () => Promise<T>, policy: RetryPolicy, signal?: AbortSignal): Promise<T> {
  let delay = policy.baseDelayMs;
  for (let tries = 0; ; tries++) {
    try {
      return await attempt();
    } catch (error) {
      if (tries >= policy.maxRetries || !isTransient(error) || signal?.aborted) throw error;
      await sleep(delay, signal);
      delay = nextDelay(delay);
    }
  }
}
