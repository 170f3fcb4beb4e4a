/**
 * With the embedded default stores (no tracker_store or lock_store section), A2A records are in the
 * project's SQLite file: a restart mid-conversation keeps the task, its context reservation and the
 * messageId dedup record.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, expect, it } from 'vitest';
import { createKeyValueStore } from '../../src/adapters/stores/store-factory.ts';
import { A2aRecords } from '../../src/channels/a2a/a2a-records.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { msg10, startHarness } from './harness.ts';

const roots: string[] = [];
afterEach(() => {
  for (const root of roots.splice(0)) rmSync(root, { recursive: true, force: true });
});

const v1 = { 'A2A-Version': '1.0' };
type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

it('a restart with the SQLite default keeps the task, its reservation and the dedup record', async () => {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-a2a-restart-'));
  roots.push(projectRoot);
  const openKv = () => createKeyValueStore(undefined, 'lock_store', { trackerStore: undefined, projectRoot });
  // The conversation itself is the tracker store's business: one runtime stands for it across the restart.
  const runtime = new FakeRuntime();

  const kvBefore = await openKv();
  const before = await startHarness({ kv: kvBefore, runtime });
  const first = (await before.rpc('SendMessage', { message: msg10('I want to transfer money', 'm1', 'ctx-restart') }, v1)).body.result as Json;
  expect(first.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
  await before.close();
  await kvBefore.close();

  const kvAfter = await openKv();
  const after = await startHarness({ kv: kvAfter, runtime });
  try {
    const got = (await after.rpc('GetTask', { id: first.task.id }, v1)).body.result as Json;
    expect(got).toEqual(first.task);
    const records = new A2aRecords(kvAfter, { recordMs: 60_000, dedupMs: 60_000, inFlightMs: 60_000 });
    expect((await records.getContext('ctx-restart'))?.reservedBy).toBe(first.task.id);
    // The retried message replays the stored task: no second turn.
    const replay = (await after.rpc('SendMessage', { message: msg10('I want to transfer money', 'm1', 'ctx-restart') }, v1)).body.result as Json;
    expect(replay.task).toEqual(first.task);
    expect(runtime.turnsOf('ctx-restart')).toHaveLength(1);
    // And the task goes on where it stopped.
    const next = (await after.rpc('SendMessage', { message: { ...msg10('12345', 'm2'), taskId: first.task.id } }, v1)).body.result as Json;
    expect(next.task.id).toBe(first.task.id);
    expect(next.task.history).toHaveLength(4);
  } finally {
    await after.close();
    await kvAfter.close();
  }
});
