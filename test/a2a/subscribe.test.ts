/**
 * SubscribeToTask / tasks/resubscribe stay open while the task can still change (spec §3.1.6):
 * through input-required follow-ups until a terminal state, for every concurrent stream alike; a
 * task whose context moved on to a new task (Rasa style) will never get its input, so its stream ends.
 */
import { afterAll, beforeAll, expect, it } from 'vitest';
import { msg03, openStream, startHarness, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

const resubscribe = async (taskId: string) => {
  const stream = await openStream(h.url, 'tasks/resubscribe', { id: taskId });
  return { events: stream.events.then((events) => events.map((e) => e.result as Json)) };
};

it('streams to every subscriber the same follow-up turns until the task completes, final only at the end', async () => {
  const task = (await h.rpc('message/send', { message: msg03('I want to transfer money', 's1', 'sub-1') })).body.result as Json;
  const [one, two] = [await resubscribe(task.id), await resubscribe(task.id)];
  await h.rpc('message/send', { message: { ...msg03('12345', 's2'), taskId: task.id } });
  await h.rpc('message/send', { message: { ...msg03('50', 's3'), taskId: task.id } });
  const [first, second] = await Promise.all([one.events, two.events]);
  expect(first).toEqual(second);
  const updates = first.slice(1);
  // Working updates (the turn starting, the bot speaking) come between the settled states.
  expect(updates.filter((u) => u.status.state !== 'working').map((u) => [u.status.state, u.final])).toEqual([
    ['input-required', false],
    ['completed', true],
  ]);
  expect(updates.filter((u) => u.status.state === 'working').length).toBeGreaterThanOrEqual(2);
});

it('ends the stream of an input-required task once its context starts a new task instead', async () => {
  const task = (await h.rpc('message/send', { message: msg03('book an appointment', 'r1', 'sub-2') })).body.result as Json;
  const events = await resubscribe(task.id);
  await h.rpc('message/send', { message: msg03('Friday', 'r2', 'sub-2') });
  const got = await events.events;
  expect(got).toHaveLength(1);
  expect(got[0]).toMatchObject({ kind: 'task', id: task.id, status: { state: 'input-required' } });
});
