/**
 * Two A2A servers sharing their records and a message bus (the in-process bus; Redis pub/sub
 * between processes is tested in test/streaming/replicas-streaming.test.ts): a subscription on one
 * gets the artifact chunks of a turn running on the other as they stream, once each, where the
 * store alone would give the artifact whole after the turn.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { LocalMessageBus } from '../../src/adapters/pubsub/local-message-bus.ts';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { FakeRuntime, STREAMED_PIECES } from './fake-runtime.ts';
import { msg03, openStream, startHarness, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const kv = new MemoryKeyValueStore();
// The turn waits before streaming: time for the subscription on the other server to attach.
const runtime = new FakeRuntime({ turnDelayMs: 300 });
let withBus: [Harness, Harness];
let withoutBus: Harness;
beforeAll(async () => {
  const bus = new LocalMessageBus();
  withBus = [await startHarness({ runtime, kv, deps: { bus } }), await startHarness({ runtime, kv, deps: { bus } })];
  withoutBus = await startHarness({ runtime, kv });
});
afterAll(async () => {
  await Promise.all([...withBus, withoutBus].map((h) => h.close()));
});

/** Starts a turn on `runner` without waiting for it and resubscribes to its task on `subscriber`; the subscriber's events. */
async function streamElsewhere(runner: Harness, subscriber: Harness, contextId: string): Promise<Json[]> {
  const started = await runner.rpc('message/send', { message: msg03('stream the fees', `${contextId}-1`, contextId), configuration: { blocking: false } });
  const task = started.body.result as Json;
  expect(task.status.state).toBe('working');
  const subscription = await openStream(subscriber.url, 'tasks/resubscribe', { id: task.id });
  // The fake's answer leaves the task waiting for input: cancel it once settled, which ends the subscription.
  let state = 'working';
  while (state === 'working') {
    await new Promise((resolve) => setTimeout(resolve, 20));
    state = ((await runner.rpc('tasks/get', { id: task.id })).body.result as Json).status.state;
  }
  if (state === 'input-required') await runner.rpc('tasks/cancel', { id: task.id });
  return (await subscription.events).map((e) => e.result as Json);
}

const chunks = (events: readonly Json[]) => events.filter((e) => e.kind === 'artifact-update').map((e) => [e.artifact.parts[0].text, e.append, e.lastChunk]);

it("forwards another server's artifact chunks as they stream, each once", async () => {
  const events = await streamElsewhere(withBus[0], withBus[1], 'bus-1');
  expect(chunks(events)).toEqual(STREAMED_PIECES.map((piece, i) => [piece, i > 0, i === STREAMED_PIECES.length - 1]));
  const final = events.filter((e) => e.kind === 'status-update' && e.final);
  expect(final).toHaveLength(1);
});

it('without the bus, the subscription gets the artifact whole from the store', async () => {
  const events = await streamElsewhere(withBus[0], withoutBus, 'bus-2');
  expect(chunks(events)).toEqual([[STREAMED_PIECES.join(''), false, true]]);
});
