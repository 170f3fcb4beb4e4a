/**
 * Polls for a condition in speech tests (engines report on their own schedule; no fixed sleeps).
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';

export async function waitFor(condition: () => boolean, timeoutMs: number, what: string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${timeoutMs} ms waiting for ${what}`);
    await sleep(20);
  }
}
