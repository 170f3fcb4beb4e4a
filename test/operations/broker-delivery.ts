/**
 * Assertions shared by the event broker tests: waiting for deliveries and comparing what arrived
 * with the tracker under at-least-once delivery.
 * @module
 */

export async function waitFor(check: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An event as a comparable string: its type and timestamp. */
export const comparable = (events: readonly { event: string; timestamp?: number }[]) => events.map((e) => `${e.event}@${e.timestamp}`);

/** Whether `items` appear in `sequence` in the same order (other entries may lie between them). */
export function isSubsequence(items: readonly string[], sequence: readonly string[]): boolean {
  let next = 0;
  for (const entry of sequence) if (entry === items[next]) next++;
  return next === items.length;
}
