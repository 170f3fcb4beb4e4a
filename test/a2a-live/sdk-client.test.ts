/**
 * Acceptance of the A2A server against the real runtime: `colloquy run` of examples/a2a-server
 * (offline command generator, in-process custom actions) in a child process, driven by the
 * `@a2a-js/sdk` client over JSON-RPC and HTTP+JSON (v1.0) and its legacy v0.3 JSON-RPC transport.
 */
import { execFile } from 'node:child_process';
import { cp, mkdtemp, readdir, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Message, TaskState, type Task } from '@a2a-js/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { dataPart, PROJECT, REPO, startLiveServer, textPart, userMessage, type Json, type LiveServer } from './live-server.ts';
import { SDK_TRANSPORTS, sdkAgent, type SdkAgent } from './sdk-agent.ts';

let main: LiveServer;
let noRepair: LiveServer;
let reloadable: LiveServer;
let scratch: string;

beforeAll(async () => {
  scratch = await mkdtemp(join(tmpdir(), 'a2a-live-'));
  [main, noRepair, reloadable] = await Promise.all([
    startLiveServer(),
    startLiveServer({ endpoints: 'endpoints.no-repair.yml' }),
    startLiveServer(),
  ]);
}, 90_000);
afterAll(async () => {
  await Promise.all([main?.close(), noRepair?.close(), reloadable?.close()]);
  await rm(scratch, { recursive: true, force: true });
});

function sdkMessage(text: string, messageId: string, contextId: string, metadata?: Record<string, unknown>): Message {
  return Message.fromJSON({ messageId, contextId, role: 'ROLE_USER', parts: [{ text }], ...(metadata ? { metadata } : {}) });
}

function sdkData(task: Task): unknown {
  const part = task.status?.message?.parts.find((p) => p.content?.$case === 'data');
  return part?.content?.$case === 'data' ? part.content.value : undefined;
}

function sdkText(task: Task): string | undefined {
  const part = task.status?.message?.parts.find((p) => p.content?.$case === 'text');
  return part?.content?.$case === 'text' ? part.content.value : undefined;
}

async function tracker(server: LiveServer, conversationId: string): Promise<Json> {
  return (await fetch(`${server.url}/conversations/${conversationId}/tracker`)).json();
}

describe.each(SDK_TRANSPORTS)('@a2a-js/sdk client over %s', (transport) => {
  const tag = transport.replace(/[^A-Za-z0-9]/g, '');
  let agent: SdkAgent;
  let n = 0;
  beforeAll(async () => {
    agent = await sdkAgent(transport, main.url);
  });
  const send = async (text: string, contextId: string): Promise<Task> => {
    const result = await agent.sendMessage({ message: sdkMessage(text, `${tag}-${++n}`, contextId) } as never);
    if (!('status' in result)) throw new Error(`expected a task, got ${JSON.stringify(result)}`);
    return result as Task;
  };

  it('transfers money over several turns: input_required → follow-ups → completed with the persisted slots', async () => {
    const ctx = `${tag}-transfer`;
    const t1 = await send('I want to send money', ctx);
    expect(t1.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(sdkText(t1)).toBe('Who would you like to send money to?');
    expect(sdkData(t1)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { recipient: null, amount: null, confirm_transfer: null } });
    const t2 = await send('Alice', ctx);
    expect(sdkData(t2)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { recipient: 'Alice', amount: null, confirm_transfer: null } });
    const t3 = await send('50', ctx);
    expect(t3.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(sdkText(t3)).toBe('Please confirm: send $50 to Alice?');
    const t4 = await send('yes', ctx);
    expect(t4.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(sdkText(t4)).toContain('Done! $50 is on its way to Alice.');
    expect(sdkData(t4)).toEqual({ state: 'completed', slots: { recipient: 'Alice', amount: 50 } });
    expect(new Set([t1.id, t2.id, t3.id, t4.id]).size).toBe(4); // a new task per message
    expect([t1, t2, t3, t4].every((t) => t.contextId === ctx)).toBe(true);

    const got = await agent.getTask({ id: t4.id } as never);
    expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(sdkData(got)).toEqual(sdkData(t4));
    expect(await main.userTurns(ctx)).toBe(4);
  });

  it('tasks/cancel cancels the input_required task and the dialogue flow it was asking for', async () => {
    const ctx = `${tag}-cancel`;
    await send('I want to send money', ctx);
    const pending = await send('Alice', ctx);
    expect(pending.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const canceled = await agent.cancelTask({ id: pending.id } as never);
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await agent.getTask({ id: pending.id } as never)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);

    const state = await tracker(main, ctx);
    expect(state.events.filter((e: Json) => e.event === 'flow_cancelled').map((e: Json) => e.flow_id)).toContain('transfer_money');
    expect(JSON.stringify(state.stack ?? [])).not.toContain('"transfer_money"');
    // The abandoned question is gone: "75" is no longer taken as the amount for Alice.
    const next = await send('75', ctx);
    expect(sdkData(next)).not.toMatchObject({ active_flow: 'transfer_money' });
    await expect(agent.cancelTask({ id: pending.id } as never)).rejects.toThrow();
  });

  it('rejects a request outside every flow', async () => {
    const rejected = await send('xyzzy plugh', `${tag}-rejected`);
    expect(rejected.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
    expect(sdkData(rejected)).toEqual({ state: 'rejected', reason: 'cannot_handle_default' });
  });

  it('fails the task when a custom action throws', async () => {
    const ctx = `${tag}-failed`;
    expect((await send('I need a statement', ctx)).status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const failed = await send('March', ctx);
    expect(failed.status?.state).toBe(TaskState.TASK_STATE_FAILED);
    expect(sdkData(failed)).toMatchObject({ state: 'failed', error_type: 'rasa_internal_error_default', error_info: { action: 'action_fetch_statement' } });
    expect(sdkText(failed)).toContain('Sorry, something went wrong');
  });

  it('streams the task, working updates with the bot text, then the final state', async () => {
    const events = [];
    for await (const event of agent.sendMessageStream({ message: sdkMessage('send 20 to bob', `${tag}-stream`, `${tag}-stream`) } as never)) events.push(event);
    expect(events[0]?.payload?.$case).toBe('task');
    const statuses = events.flatMap((e) => (e.payload?.$case === 'statusUpdate' ? [e.payload.value.status] : []));
    expect(statuses.map((s) => s?.state)).toEqual([TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_INPUT_REQUIRED]);
    const working = statuses[0]?.message?.parts.find((p) => p.content?.$case === 'text');
    expect(working?.content?.$case === 'text' && working.content.value).toBe('Please confirm: send $20 to bob?');
  });
});

describe('conversation repair', () => {
  const turn = async (server: LiveServer, text: string, messageId: string, contextId: string) =>
    (await server.rpc('message/send', { message: userMessage(text, messageId, contextId) })).body.result;

  it('asks for more input when include_conversation_repair is true', async () => {
    const chitchat = await turn(main, 'hello there', 'r1', 'repair-on');
    expect(chitchat.status.state).toBe('input-required');
    expect(dataPart(chitchat)).toMatchObject({ state: 'input_required' });
    await turn(main, 'send 20 to bob', 'r2', 'repair-on-2');
    expect((await turn(main, 'yes', 'r3', 'repair-on-2')).status.state).toBe('completed');
    const afterFlow = await turn(main, 'please repeat that', 'r4', 'repair-on-2');
    expect(afterFlow.status.state).toBe('input-required');
    // "Anything else?" — "no": the pattern that asks next is named, not the internal collect helper.
    const declined = await turn(main, 'no', 'r5', 'repair-on-2');
    expect(declined.status.state).toBe('input-required');
    expect(dataPart(declined).active_flow).toBe('pattern_customer_satisfaction');
  });

  it('completes the task when include_conversation_repair is false', async () => {
    const chitchat = await turn(noRepair, 'hello there', 'r1', 'repair-off');
    expect(chitchat.status.state).toBe('completed');
    expect(dataPart(chitchat)).toEqual({ state: 'completed', slots: {} });
    expect(textPart(chitchat)).toBeTruthy();
    await turn(noRepair, 'send 20 to bob', 'r2', 'repair-off-2');
    expect((await turn(noRepair, 'yes', 'r3', 'repair-off-2')).status.state).toBe('completed');
    expect((await turn(noRepair, 'please repeat that', 'r4', 'repair-off-2')).status.state).toBe('completed');
    // A user flow still waiting for input is input_required either way.
    expect((await turn(noRepair, 'I want to send money', 'r5', 'repair-off-3')).status.state).toBe('input-required');
  });
});

describe('slot pre-seeding from message.metadata.slots', () => {
  it('sets the slots before understanding', async () => {
    const { body } = await main.rpc('message/send', { message: userMessage('I want to send money', 'p1', 'preseed', { slots: { recipient: 'Carol' } }) });
    expect(textPart(body.result)).toBe('How much would you like to send to Carol?');
    expect(dataPart(body.result)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { recipient: 'Carol', amount: null, confirm_transfer: null } });
  });

  it('refuses an unknown slot or a wrong type with a clear error, running no turn', async () => {
    const unknown = await main.rpc('message/send', { message: userMessage('I want to send money', 'p1', 'preseed-bad', { slots: { iban: 'DE00' } }) });
    expect(unknown.body.error.code).toBe(-32602);
    expect(unknown.body.error.message).toContain("slot 'iban' is not defined in the domain");
    const wrongType = await main.rpc('message/send', { message: userMessage('I want to send money', 'p2', 'preseed-bad', { slots: { amount: 'lots' } }) });
    expect(wrongType.body.error.code).toBe(-32602);
    expect(wrongType.body.error.message).toContain("slot 'amount' (float) expects a number");
    expect(await main.userTurns('preseed-bad')).toBe(0);
  });
});

describe('messageId dedup', () => {
  it('replays the cached result of a repeated messageId without running a second turn', async () => {
    const message = userMessage('I want to send money', 'dup-1', 'dedup');
    const first = await main.rpc('message/send', { message });
    const replay = await main.rpc('message/send', { message });
    const v1Replay = await main.rpc('SendMessage', { message: { messageId: 'dup-1', contextId: 'dedup', role: 'ROLE_USER', parts: [{ text: 'I want to send money' }] } }, { 'A2A-Version': '1.0' });
    expect(replay.body.result).toEqual(first.body.result);
    expect(v1Replay.body.result.task.id).toBe(first.body.result.id);
    expect(await main.userTurns('dedup')).toBe(1);
    const next = await main.rpc('message/send', { message: userMessage('Alice', 'dup-2', 'dedup') });
    expect(next.body.result.id).not.toBe(first.body.result.id);
    expect(await main.userTurns('dedup')).toBe(2);
  });
});

describe('AgentCard', () => {
  const card = (server: LiveServer, headers: Record<string, string> = {}) => fetch(`${server.url}/.well-known/agent-card.json`, { headers });

  it('lists the user flows as skills (patterns only with conversation repair), with caching headers', async () => {
    const response = await card(main, { 'A2A-Version': '1.0' });
    expect(response.headers.get('cache-control')).toMatch(/max-age/);
    expect(response.headers.get('last-modified')).toBeTruthy();
    const body = (await response.json()) as Json;
    const ids = body.skills.map((s: Json) => s.id);
    expect(ids).toEqual(expect.arrayContaining(['transfer_money', 'add_contact', 'list_contacts', 'check_balance', 'request_statement']));
    expect(body.skills.find((s: Json) => s.id === 'transfer_money').description).toBe("Send money from the user's account to another person, for example a friend or a contact.");
    expect(body.description).toMatch(/^Retail banking assistant/);
    expect(body.supportedInterfaces[0].url).toContain(`127.0.0.1:${main.port}`);
    expect(ids.some((id: string) => id.startsWith('pattern_'))).toBe(true);
    const withoutRepair = (await (await card(noRepair, { 'A2A-Version': '1.0' })).json()) as Json;
    expect(withoutRepair.skills.some((s: Json) => s.id.startsWith('pattern_'))).toBe(false);

    const etag = response.headers.get('etag')!;
    expect(etag).toBeTruthy();
    expect((await card(main, { 'A2A-Version': '1.0', 'If-None-Match': etag })).status).toBe(304);
  });

  it('regenerates the card on PUT /model', async () => {
    const variant = join(scratch, 'variant');
    await cp(PROJECT, variant, { recursive: true, filter: (src) => !src.includes('.colloquy') && !src.includes('/models') });
    // Its actions module re-exports the starter's actions from the sibling folder.
    await cp(join(PROJECT, '../starter/actions'), join(scratch, 'starter/actions'), { recursive: true });
    // Outside the repo the TypeScript actions module needs an ESM package scope.
    await writeFile(join(variant, 'package.json'), '{"type":"module"}\n');
    await writeFile(
      join(variant, 'data/flows/savings.yml'),
      'flows:\n  open_savings_account:\n    name: open a savings account\n    description: Open a savings account for the user.\n    steps:\n      - action: utter_savings_opened\n',
    );
    await writeFile(join(variant, 'domain/savings.yml'), 'version: "3.1"\nresponses:\n  utter_savings_opened:\n    - text: "Your savings account is open."\n');
    const out = join(scratch, 'models');
    await promisify(execFile)(process.execPath, ['bin/colloquy.js', 'train', '--project', variant, '--out', out], { cwd: REPO });
    const [bundle] = await readdir(out);

    const before = await card(reloadable, { 'A2A-Version': '1.0' });
    const beforeBody = (await before.json()) as Json;
    expect(beforeBody.skills.map((s: Json) => s.id)).not.toContain('open_savings_account');
    const put = await fetch(`${reloadable.url}/model`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model_file: join(out, bundle!) }) });
    expect(put.status, await put.clone().text()).toBe(204);

    const after = await card(reloadable, { 'A2A-Version': '1.0', 'If-None-Match': before.headers.get('etag')! });
    expect(after.status).toBe(200);
    expect(after.headers.get('etag')).not.toBe(before.headers.get('etag'));
    const afterBody = (await after.json()) as Json;
    expect(afterBody.skills.find((s: Json) => s.id === 'open_savings_account')).toMatchObject({ name: 'open a savings account', description: 'Open a savings account for the user.' });
    const opened = await reloadable.rpc('message/send', { message: userMessage('open a savings account', 's1', 'savings') });
    expect(textPart(opened.body.result)).toContain('Your savings account is open.');
  }, 30_000);
});
