/**
 * Frozen wire payloads for every method and task state in both protocol generations
 * (`test/a2a/golden/*.json`). Regenerate deliberately with `UPDATE_GOLDEN=1`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { startHarness, msg03, msg10, type Harness } from './harness.ts';

const GOLDEN_DIR = join(import.meta.dirname, 'golden');

interface Exchange {
  readonly request: unknown;
  readonly status: number;
  readonly response: unknown;
}

function post(h: Harness, method: string, params: unknown, version?: string) {
  const request = { jsonrpc: '2.0', id: method, method, params };
  const response = fetch(`${h.url}/`, { method: 'POST', headers: { 'content-type': 'application/json', ...(version ? { 'A2A-Version': version } : {}) }, body: JSON.stringify(request) });
  return { request, response };
}

async function read(request: unknown, response: Response, head = ''): Promise<Exchange> {
  const text = head + (await response.text());
  const isStream = response.headers.get('content-type')?.startsWith('text/event-stream');
  const body = isStream
    ? text.split('\n\n').filter((chunk) => chunk.trim() && !chunk.startsWith(':')).map((chunk) => JSON.parse(chunk.replace(/^(event: \w+\n)?data: /, '')))
    : JSON.parse(text);
  return { request, status: response.status, response: body };
}

async function exchange(h: Harness, method: string, params: unknown, version?: string): Promise<Exchange> {
  const { request, response } = post(h, method, params, version);
  return read(request, await response);
}

/** Opens a stream and waits for its first event (the task), so what follows happens while it is attached. */
async function openSubscription(h: Harness, method: string, params: unknown, version?: string): Promise<{ readonly rest: Promise<Exchange> }> {
  const { request, response } = post(h, method, params, version);
  const res = await response;
  const reader = res.body!.getReader();
  let head = '';
  while (!head.includes('\n\n')) head += new TextDecoder().decode((await reader.read()).value);
  const rest = new Response(new ReadableStream({ pull: async (c) => { const { value, done } = await reader.read(); if (done) c.close(); else c.enqueue(value); } }), { headers: res.headers, status: res.status });
  return { rest: read(request, rest, head) };
}

async function card(h: Harness, version?: string) {
  const r = await fetch(`${h.url}/.well-known/agent-card.json`, { headers: version ? { 'A2A-Version': version } : {} });
  return r.json();
}

function checkGolden(name: string, actual: unknown) {
  const path = join(GOLDEN_DIR, name);
  if (process.env.UPDATE_GOLDEN || !existsSync(path)) writeFileSync(path, `${JSON.stringify(actual, null, 2)}\n`);
  expect(actual).toEqual(JSON.parse(readFileSync(path, 'utf8')));
}

const pushDeps = {
  config: { pushNotificationsEnabled: true, pushNotificationAllowedHosts: ['127.0.0.1'] },
  deps: { push: { attempts: 1, timeoutMs: 200 } },
  deterministic: true,
};
// Port 9 (discard) refuses connections at once, so the background deliveries end quickly.
const HOOK = 'http://127.0.0.1:9/hook';

describe('golden payloads', () => {
  it('v0.3 JSON-RPC', async () => {
    const h = await startHarness(pushDeps);
    try {
      const x: Record<string, unknown> = {};
      x['message/send input-required'] = await exchange(h, 'message/send', { message: msg03('book an appointment', 'm1', 'g1') });
      x['message/send completed'] = await exchange(h, 'message/send', { message: msg03('Monday', 'm2', 'g1') });
      x['message/send replayed'] = await exchange(h, 'message/send', { message: msg03('Monday', 'm2', 'g1') });
      x['message/send rejected'] = await exchange(h, 'message/send', { message: msg03('weather', 'm1', 'g2') });
      x['message/send failed'] = await exchange(h, 'message/send', { message: msg03('crash', 'm1', 'g3') });
      await exchange(h, 'message/send', { message: msg03('transfer', 'm1', 'g4') });
      x['message/send canceled'] = await exchange(h, 'message/send', { message: msg03('stop', 'm2', 'g4') });
      x['message/send repair input-required'] = await exchange(h, 'message/send', { message: msg03('hello', 'm1', 'g5') });
      x['message/send invalid slot'] = await exchange(h, 'message/send', { message: msg03('transfer', 'm1', 'g6', { slots: { amount: 'ten' } }) });
      x['message/send with push config'] = await exchange(h, 'message/send', { message: msg03('transfer', 'm1', 'g7'), configuration: { pushNotificationConfig: { id: 'cfg-a', url: HOOK, token: 'tok' } } });
      const taskId = (x['message/send with push config'] as { response: { result: { id: string } } }).response.result.id;
      x['tasks/get'] = await exchange(h, 'tasks/get', { id: taskId, historyLength: 1 });
      x['tasks/pushNotificationConfig/set'] = await exchange(h, 'tasks/pushNotificationConfig/set', { taskId, pushNotificationConfig: { id: 'cfg-b', url: HOOK } });
      x['tasks/pushNotificationConfig/get'] = await exchange(h, 'tasks/pushNotificationConfig/get', { id: taskId, pushNotificationConfigId: 'cfg-b' });
      x['tasks/pushNotificationConfig/list'] = await exchange(h, 'tasks/pushNotificationConfig/list', { id: taskId });
      x['tasks/pushNotificationConfig/delete'] = await exchange(h, 'tasks/pushNotificationConfig/delete', { id: taskId, pushNotificationConfigId: 'cfg-b' });
      // A subscription stays open until the task is terminal: the cancel ends it.
      const subscription = await openSubscription(h, 'tasks/resubscribe', { id: taskId });
      x['tasks/cancel'] = await exchange(h, 'tasks/cancel', { id: taskId });
      x['tasks/resubscribe input-required until canceled'] = await subscription.rest;
      x['tasks/cancel not cancelable'] = await exchange(h, 'tasks/cancel', { id: taskId });
      x['tasks/resubscribe terminal'] = await exchange(h, 'tasks/resubscribe', { id: taskId });
      x['tasks/get not found'] = await exchange(h, 'tasks/get', { id: 'missing' });
      x['message/stream'] = await exchange(h, 'message/stream', { message: msg03('book', 'm1', 'g8') });
      x['message/stream artifact chunks'] = await exchange(h, 'message/stream', { message: msg03('stream the answer', 'm1', 'g9') });
      const first = await exchange(h, 'message/send', { message: msg03('transfer', 'm1') });
      const specTask = (first.response as { result: { id: string } }).result.id;
      x['message/send spec style: first message'] = first;
      x['message/send spec style: continued by taskId'] = await exchange(h, 'message/send', { message: { ...msg03('12345', 'm2'), taskId: specTask } });
      x['message/send spec style: continued to completed'] = await exchange(h, 'message/send', { message: { ...msg03('50', 'm3'), taskId: specTask } });
      x['message/send to a completed task'] = await exchange(h, 'message/send', { message: { ...msg03('more', 'm4'), taskId: specTask } });
      x['message/send taskId on another context'] = await exchange(h, 'message/send', { message: { ...msg03('more', 'm5', 'g1'), taskId: specTask } });
      x['message/send file part'] = await exchange(h, 'message/send', { message: { ...msg03('x', 'm6', 'g11'), parts: [{ kind: 'file', file: { uri: 'https://files.test/a.png', mimeType: 'image/png' } }] } });
      x['unknown method'] = await exchange(h, 'tasks/explode', {});
      x['agent card'] = await card(h);
      checkGolden('v0.3.json', x);
      await h.pushIdle();
    } finally {
      await h.close();
    }
  });

  it('v1.0 JSON-RPC', async () => {
    const h = await startHarness(pushDeps);
    try {
      const v = '1.0';
      const x: Record<string, unknown> = {};
      x['SendMessage input-required'] = await exchange(h, 'SendMessage', { message: msg10('book an appointment', 'm1', 'g1') }, v);
      x['SendMessage completed'] = await exchange(h, 'SendMessage', { message: msg10('Monday', 'm2', 'g1') }, v);
      x['SendMessage rejected'] = await exchange(h, 'SendMessage', { message: msg10('weather', 'm1', 'g2') }, v);
      x['SendMessage failed'] = await exchange(h, 'SendMessage', { message: msg10('crash', 'm1', 'g3') }, v);
      await exchange(h, 'SendMessage', { message: msg10('transfer', 'm1', 'g4') }, v);
      x['SendMessage canceled'] = await exchange(h, 'SendMessage', { message: msg10('stop', 'm2', 'g4') }, v);
      x['SendMessage repair input-required'] = await exchange(h, 'SendMessage', { message: msg10('hello', 'm1', 'g5') }, v);
      x['SendMessage invalid slot'] = await exchange(h, 'SendMessage', { message: msg10('transfer', 'm1', 'g6', { slots: { nope: 1 } }) }, v);
      x['SendMessage with push config'] = await exchange(h, 'SendMessage', { message: msg10('transfer', 'm1', 'g7'), configuration: { taskPushNotificationConfig: { id: 'cfg-a', url: HOOK, authentication: { scheme: 'Bearer', credentials: 'k' } } } }, v);
      const taskId = (x['SendMessage with push config'] as { response: { result: { task: { id: string } } } }).response.result.task.id;
      x.GetTask = await exchange(h, 'GetTask', { id: taskId }, v);
      x.CreateTaskPushNotificationConfig = await exchange(h, 'CreateTaskPushNotificationConfig', { taskId, id: 'cfg-b', url: HOOK }, v);
      x.GetTaskPushNotificationConfig = await exchange(h, 'GetTaskPushNotificationConfig', { taskId, id: 'cfg-b' }, v);
      x.ListTaskPushNotificationConfigs = await exchange(h, 'ListTaskPushNotificationConfigs', { taskId }, v);
      x.DeleteTaskPushNotificationConfig = await exchange(h, 'DeleteTaskPushNotificationConfig', { taskId, id: 'cfg-b' }, v);
      const subscription = await openSubscription(h, 'SubscribeToTask', { id: taskId }, v);
      x.CancelTask = await exchange(h, 'CancelTask', { id: taskId }, v);
      x['SubscribeToTask input-required until canceled'] = await subscription.rest;
      x['CancelTask not cancelable'] = await exchange(h, 'CancelTask', { id: taskId }, v);
      x['GetTask not found'] = await exchange(h, 'GetTask', { id: 'missing' }, v);
      x.SendStreamingMessage = await exchange(h, 'SendStreamingMessage', { message: msg10('book', 'm1', 'g8') }, v);
      x['SendStreamingMessage artifact chunks'] = await exchange(h, 'SendStreamingMessage', { message: msg10('stream the answer', 'm1', 'g9') }, v);
      const first = await exchange(h, 'SendMessage', { message: msg10('transfer', 'm1') }, v);
      const specTask = (first.response as { result: { task: { id: string } } }).result.task.id;
      x['SendMessage spec style: first message'] = first;
      x['SendMessage spec style: continued by taskId'] = await exchange(h, 'SendMessage', { message: { ...msg10('12345', 'm2'), taskId: specTask } }, v);
      x['SendMessage spec style: continued to completed'] = await exchange(h, 'SendMessage', { message: { ...msg10('50', 'm3'), taskId: specTask } }, v);
      x['SendMessage to a completed task'] = await exchange(h, 'SendMessage', { message: { ...msg10('more', 'm4'), taskId: specTask } }, v);
      x['SendMessage taskId on another context'] = await exchange(h, 'SendMessage', { message: { ...msg10('more', 'm5', 'g1'), taskId: specTask } }, v);
      x['SendMessage unsupported media type'] = await exchange(h, 'SendMessage', { message: { ...msg10('x', 'm6', 'g11'), parts: [{ raw: 'aGk=', mediaType: 'image/png' }] } }, v);
      x.ListTasks = await exchange(h, 'ListTasks', {}, v);
      x.GetExtendedAgentCard = await exchange(h, 'GetExtendedAgentCard', {}, v);
      x['unsupported version'] = await exchange(h, 'GetTask', { id: 'x' }, '9.9');
      x['agent card'] = await card(h, v);
      x['agent card ?A2A-Version=1.0'] = await (await fetch(`${h.url}/.well-known/agent-card.json?A2A-Version=1.0`)).json();
      checkGolden('v1.0.json', x);
      await h.pushIdle();
    } finally {
      await h.close();
    }
  });
});
