import { afterEach, describe, expect, it } from 'vitest';
import { startHarness, msg03, msg10, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h?.close());

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

function dataPart(task: Json): Json {
  return task.status.message.parts.find((p: Json) => p.kind === 'data' || p.data !== undefined).data;
}
function textPart(task: Json): string | undefined {
  return task.status.message.parts.find((p: Json) => p.text !== undefined)?.text;
}

describe('A2A task lifecycle (v0.3 JSON-RPC)', () => {
  it('runs input-required turns to completed with persisted slots, one new task per message', async () => {
    h = await startHarness();
    const first = (await h.rpc('message/send', { message: msg03('I want to book an appointment', 'm1', 'ctx-1') })).body.result as Json;
    expect(first.kind).toBe('task');
    expect(first.contextId).toBe('ctx-1');
    expect(first.status.state).toBe('input-required');
    expect(textPart(first)).toBe('Which day suits you?');
    expect(dataPart(first)).toEqual({ state: 'input_required', active_flow: 'book_appointment', slots: { appointment_date: null } });

    const second = (await h.rpc('message/send', { message: msg03('Monday', 'm2', 'ctx-1') })).body.result as Json;
    expect(second.id).not.toBe(first.id);
    expect(second.status.state).toBe('completed');
    expect(dataPart(second)).toEqual({ state: 'completed', slots: { appointment_id: 'APT-12345' } });
    expect(h.runtime.turnsOf('ctx-1').map((t) => t.text)).toEqual(['I want to book an appointment', 'Monday']);
    expect(h.runtime.turns[0]).toMatchObject({ senderId: 'ctx-1', channel: 'a2a', messageId: 'm1' });
  });

  it('creates a contextId when the message has none', async () => {
    h = await startHarness();
    const task = (await h.rpc('message/send', { message: msg03('hi there', 'm1') })).body.result as Json;
    expect(typeof task.contextId).toBe('string');
    expect(h.runtime.turns[0]?.senderId).toBe(task.contextId);
  });

  it('maps rejected, failed and canceled turns with their DataParts', async () => {
    h = await startHarness();
    const rejected = (await h.rpc('message/send', { message: msg03("what's the weather", 'm1', 'c-r') })).body.result as Json;
    expect(rejected.status.state).toBe('rejected');
    expect(dataPart(rejected)).toEqual({ state: 'rejected', reason: 'cannot_handle_not_supported' });

    const failed = (await h.rpc('message/send', { message: msg03('crash please', 'm1', 'c-f') })).body.result as Json;
    expect(failed.status.state).toBe('failed');
    expect(dataPart(failed)).toEqual({ state: 'failed', error_type: 'rasa_internal_error_default', error_info: { component: 'llm' } });

    await h.rpc('message/send', { message: msg03('transfer money', 'm1', 'c-c') });
    const canceled = (await h.rpc('message/send', { message: msg03('stop it', 'm2', 'c-c') })).body.result as Json;
    expect(canceled.status.state).toBe('canceled');
    expect(dataPart(canceled)).toEqual({ state: 'canceled', canceled_flow: 'transfer_money' });
  });

  it('a runtime failure is a failed task, not an HTTP error', async () => {
    h = await startHarness();
    const { status, body } = await h.rpc('message/send', { message: msg03('boom', 'm1', 'c-x') });
    expect(status).toBe(200);
    const task = body.result as Json;
    expect(task.status.state).toBe('failed');
    expect(dataPart(task)).toMatchObject({ state: 'failed', error_type: 'internal_error' });
  });

  it.each([
    [true, 'input-required'],
    [false, 'completed'],
  ])('repair turns with include_conversation_repair=%s are %s', async (include, expected) => {
    h = await startHarness({ config: { includeConversationRepair: include } });
    const task = (await h.rpc('message/send', { message: msg03('hello', 'm1', 'c-h') })).body.result as Json;
    expect(task.status.state).toBe(expected);
  });

  it('pre-seeds slots from metadata.slots and refuses unknown or mistyped slots without a turn', async () => {
    h = await startHarness();
    await h.rpc('message/send', { message: msg03('transfer money', 'm1', 'c-s', { slots: { account_type: 'Checking', amount: 10 } }) });
    expect(h.runtime.turns[0]?.presetSlots).toEqual({ account_type: 'Checking', amount: 10 });

    for (const slots of [{ nope: 1 }, { amount: 'ten' }, { account_type: 'gold' }]) {
      const { status, body } = await h.rpc('message/send', { message: msg03('transfer', `bad-${JSON.stringify(slots)}`, 'c-s2', { slots }) });
      expect(status).toBe(200);
      expect((body.error as Json).code).toBe(-32602);
      expect((body.error as Json).message).toMatch(/slot/);
    }
    expect(h.runtime.turnsOf('c-s2')).toHaveLength(0);
  });

  it('cancels an input-required task and releases the context; a finished task is not cancelable', async () => {
    h = await startHarness();
    const task = (await h.rpc('message/send', { message: msg03('transfer', 'm1', 'c-k') })).body.result as Json;
    const canceled = (await h.rpc('tasks/cancel', { id: task.id })).body.result as Json;
    expect(canceled.status.state).toBe('canceled');
    const again = (await h.rpc('tasks/cancel', { id: task.id })).body;
    expect((again.error as Json).code).toBe(-32002);
    const got = (await h.rpc('tasks/get', { id: task.id })).body.result as Json;
    expect(got.status.state).toBe('canceled');
    expect(((await h.rpc('tasks/get', { id: 'nope' })).body.error as Json).code).toBe(-32001);
  });

  it('times a slow turn out as canceled', async () => {
    h = await startHarness({ config: { taskTimeoutSeconds: 0.05 } });
    const task = (await h.rpc('message/send', { message: msg03('slow transfer', 'm1', 'c-t') })).body.result as Json;
    expect(task.status.state).toBe('canceled');
    expect(dataPart(task)).toEqual({ state: 'canceled', reason: 'task_timeout' });
  });
});

describe('A2A task lifecycle (v1.0 JSON-RPC)', () => {
  it('speaks v1.0 shapes for SendMessage and GetTask', async () => {
    h = await startHarness();
    const headers = { 'A2A-Version': '1.0' };
    const sent = (await h.rpc('SendMessage', { message: msg10('transfer money', 'm1', 'c10') }, headers)).body.result as Json;
    expect(sent.task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(sent.task.status.message.role).toBe('ROLE_AGENT');
    expect(dataPart(sent.task)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { account_number: null, amount: null } });
    const got = (await h.rpc('GetTask', { id: sent.task.id, historyLength: 1 }, headers)).body.result as Json;
    expect(got.history).toHaveLength(1);
    const err = (await h.rpc('GetTask', { id: 'missing' }, headers)).body.error as Json;
    expect(err.code).toBe(-32001);
    expect(err.data[0]).toMatchObject({ '@type': 'type.googleapis.com/google.rpc.ErrorInfo', reason: 'TASK_NOT_FOUND' });
  });
});
