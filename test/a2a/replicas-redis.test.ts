/**
 * Two replicas behind a round-robin "load balancer", sharing Redis for every A2A record and one
 * conversation runtime (standing in for the shared tracker store and lock): no sticky sessions.
 */
import { Redis } from 'ioredis';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { RedisKeyValueStore } from '../../src/adapters/stores/redis-key-value-store.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { startHarness, msg03, openStream, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

const prefix = `test-a2a-${process.pid}-${Date.now()}:`;
const runtime = new FakeRuntime({ turnDelayMs: 5 });
let replicas: Harness[];
let stores: RedisKeyValueStore[];

beforeAll(async () => {
  stores = [new RedisKeyValueStore(new Redis({ host: '127.0.0.1', port: 6379 }), prefix), new RedisKeyValueStore(new Redis({ host: '127.0.0.1', port: 6379 }), prefix)];
  replicas = await Promise.all(stores.map((kv) => startHarness({ runtime, kv })));
});

afterAll(async () => {
  await Promise.all(replicas.map((r) => r.close()));
  const cleanup = new Redis({ host: '127.0.0.1', port: 6379 });
  const keys = await cleanup.keys(`${prefix}*`);
  if (keys.length > 0) await cleanup.del(...keys);
  await cleanup.quit();
  await Promise.all(stores.map((s) => s.close()));
});

const SCRIPT: [string, string][] = [
  ['I want to transfer money', 'input-required'],
  ['12345', 'input-required'],
  ['50', 'completed'],
  ['book an appointment', 'input-required'],
  ['Monday', 'completed'],
];

/** Sends until the answer is not a 409 (a duplicate still in flight on the other replica). */
async function sendUntilSettled(replica: Harness, params: unknown): Promise<Json> {
  for (;;) {
    const { status, body } = await replica.rpc('message/send', params);
    if (status !== 409) return body;
    await new Promise((r) => setTimeout(r, 10));
  }
}

it('100 concurrent contexts × 5 turns round-robin over 2 replicas, with duplicate retries: no lost or duplicate turn', async () => {
  let next = 0;
  const pick = () => replicas[next++ % 2]!;
  let conflicts = 0;
  await Promise.all(
    Array.from({ length: 100 }, async (_, c) => {
      const contextId = `replica-ctx-${c}`;
      for (const [i, [text, expected]] of SCRIPT.entries()) {
        const params = { message: msg03(text, `msg-${i}`, contextId) };
        const [original, duplicate] = await Promise.all([pick().rpc('message/send', params), pick().rpc('message/send', params)]);
        const first = original.status === 409 ? await sendUntilSettled(pick(), params) : original.body;
        if (original.status === 409 || duplicate.status === 409) conflicts++;
        const second = duplicate.status === 409 ? await sendUntilSettled(pick(), params) : duplicate.body;
        expect(first.result.status.state).toBe(expected);
        expect(second.result).toEqual(first.result);
        // A late retry on either replica replays the same task.
        const late = await pick().rpc('message/send', params);
        expect((late.body.result as Json).id).toBe(first.result.id);
      }
    }),
  );
  for (let c = 0; c < 100; c++) {
    expect(runtime.turnsOf(`replica-ctx-${c}`).map((t) => t.text)).toEqual(SCRIPT.map(([text]) => text));
  }
  // The duplicates really raced: most pairs met an in-flight claim.
  expect(conflicts).toBeGreaterThan(0);
}, 120_000);

it('any replica reads, cancels and subscribes to a task created on the other', async () => {
  const [a, b] = replicas as [Harness, Harness];
  const task = (await a.rpc('message/send', { message: msg03('transfer', 'x-1', 'replica-cross') })).body.result as Json;
  expect(((await b.rpc('tasks/get', { id: task.id })).body.result as Json).status.state).toBe('input-required');
  expect(((await b.rpc('tasks/cancel', { id: task.id })).body.result as Json).status.state).toBe('canceled');
  expect(((await a.rpc('tasks/get', { id: task.id })).body.result as Json).status.state).toBe('canceled');
});

it('a subscription opened on replica A follows the turns that replica B processes, until the task is terminal', async () => {
  const [a, b] = replicas as [Harness, Harness];
  const v1 = { 'A2A-Version': '1.0' };
  const first = (await b.rpc('SendMessage', { message: { role: 'ROLE_USER', parts: [{ text: 'I want to transfer money' }], messageId: 'x1' } }, v1)).body.result as Json;
  expect(first.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  const subscription = await openStream(a.url, 'SubscribeToTask', { id: first.task.id }, v1);
  for (const [text, id] of [['12345', 'x2'], ['50', 'x3']] as const) {
    const next = (await b.rpc('SendMessage', { message: { role: 'ROLE_USER', parts: [{ text }], messageId: id, taskId: first.task.id } }, v1)).body.result as Json;
    expect(next.task.id).toBe(first.task.id);
  }
  const events = (await subscription.events).map((e) => e.result as Json);
  expect(events[0]!.task.id).toBe(first.task.id);
  const states = events.slice(1).map((e) => e.statusUpdate.status.state);
  // Read from the store by polling; the record keeps its recent statuses, so even a state shorter than the poll interval arrives, in order.
  expect(states.filter((s) => s !== 'TASK_STATE_WORKING')).toEqual(['TASK_STATE_INPUT_REQUIRED', 'TASK_STATE_COMPLETED']);
  expect(events.slice(1).every((e) => e.statusUpdate.taskId === first.task.id)).toBe(true);
  // Every change is read from the shared store once: no status repeats back to back.
  expect(states.every((s, i) => i === 0 || s !== states[i - 1] || s === 'TASK_STATE_WORKING')).toBe(true);
});
