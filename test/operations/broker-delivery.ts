/**
 * Assertions shared by the event broker tests: waiting for deliveries, and the scripted
 * conversation across a broker outage under at-least-once delivery.
 * @module
 */
import { expect } from 'vitest';
import { say, trackerEvents } from '../serving/colloquy-process.ts';
import { SCRIPT } from '../serving/scripted-conversation.ts';

export async function waitFor(check: () => boolean, what: () => string, timeoutMs = 30_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > deadline) throw new Error(`timed out waiting: ${what()}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** An event as a comparable string: its type and timestamp. */
export const comparable = (events: readonly { event: string; timestamp?: number }[]) => events.map((e) => `${e.event}@${e.timestamp}`);

type PublishedEvent = { event: string; timestamp?: number; sender_id?: string; text?: string };

/**
 * The scripted conversation through colloquy at `url`, then every tracker event published in order,
 * each the tracker event itself with `sender_id` in front (as Rasa publishes them). Returns what was published.
 */
export async function expectScriptPublishedInOrder<E extends PublishedEvent>(url: string, sender: string, published: () => readonly E[]): Promise<readonly E[]> {
  for (const { message, replies } of SCRIPT) expect((await say(url, sender, message)).texts).toEqual(replies);
  const tracker = await trackerEvents(url, sender);
  await waitFor(() => published().length >= tracker.length, () => `${published().length} of ${tracker.length} events`);
  const events = published();
  expect(comparable(events)).toEqual(comparable(tracker));
  const { sender_id, ...firstUser } = events.find((e) => e.event === 'user')!;
  expect(sender_id).toBe(sender);
  expect(firstUser).toEqual(tracker.find((e) => e.event === 'user'));
  return events;
}

/** Whether `items` appear in `sequence` in the same order (other entries may lie between them). */
function isSubsequence(items: readonly string[], sequence: readonly string[]): boolean {
  let next = 0;
  for (const entry of sequence) if (entry === items[next]) next++;
  return next === items.length;
}

export interface Outage {
  /** colloquy's URL. */
  readonly url: string;
  readonly sender: string;
  /** What the broker received so far for `sender`, in order. */
  readonly published: () => readonly { event: string; timestamp?: number }[];
  readonly stop: () => Promise<void>;
  readonly start: () => Promise<void>;
}

/**
 * Half the scripted conversation with the broker up, the other half with it stopped (turns are
 * not held up, nothing arrives), then the broker back: every event of the tracker arrives, in the
 * tracker's order, and nothing else (a batch whose acknowledgement was lost may come twice).
 */
export async function conversationAcrossOutage({ url, sender, published, stop, start }: Outage): Promise<void> {
  const [before, after] = [SCRIPT.slice(0, 5), SCRIPT.slice(5)];
  for (const { message, replies } of before) expect((await say(url, sender, message)).texts).toEqual(replies);
  const firstHalf = (await trackerEvents(url, sender)).length;
  await waitFor(() => published().length >= firstHalf, () => `${published().length} of ${firstHalf} events before the outage`);

  await stop();
  for (const { message, replies } of after) {
    const started = Date.now();
    expect((await say(url, sender, message)).texts).toEqual(replies);
    // Not held up by the broker's retries (a generous bound: the machine may be loaded).
    expect(Date.now() - started).toBeLessThan(5_000);
  }
  const tracker = await trackerEvents(url, sender);
  expect(tracker.length).toBeGreaterThan(firstHalf);
  expect(published().length).toBe(firstHalf);

  await start();
  await waitFor(() => published().length >= tracker.length, () => `${published().length} of ${tracker.length} events after the broker came back`, 60_000);
  const arrived = comparable(published());
  const expected = comparable(tracker);
  expect(isSubsequence(expected, arrived), `arrived:\n${arrived.join('\n')}`).toBe(true);
  expect(new Set(arrived)).toEqual(new Set(expected));
}
