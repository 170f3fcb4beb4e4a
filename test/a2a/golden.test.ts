/**
 * Frozen wire payloads for every method and task state in both protocol generations, and both
 * multi-turn styles (taskId continuation, contextId-only new tasks) on JSON-RPC, HTTP+JSON and gRPC
 * (`test/a2a/golden/*.json`). Regenerate deliberately with `UPDATE_GOLDEN=1`.
 */
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { Message, Task } from '@a2a-js/sdk';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { LegacyGrpcTransport } from '@a2a-js/sdk/compat/v0_3/client/grpc';
import * as grpc from '@grpc/grpc-js';
import { describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { startA2aGrpcServer } from '../../src/channels/a2a/index.ts';
import { sequentialIds } from '../../src/core/clock.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';
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

  it('v1.0 HTTP+JSON: both multi-turn styles', async () => {
    const h = await startHarness({ deterministic: true });
    try {
      const rest = async (method: string, path: string, body?: unknown) => {
        const response = await fetch(`${h.url}${path}`, { method, headers: body === undefined ? {} : { 'content-type': 'application/a2a+json' }, body: body === undefined ? undefined : JSON.stringify(body) });
        return { request: { method, path, body }, status: response.status, response: (await response.json()) as unknown };
      };
      const x: Record<string, unknown> = {};
      x['spec style: first message'] = await rest('POST', '/message:send', { message: msg10('transfer', 'm1') });
      const taskId = ((x['spec style: first message'] as { response: { task: { id: string } } }).response.task.id);
      x['spec style: continued by taskId'] = await rest('POST', '/message:send', { message: { ...msg10('12345', 'm2'), taskId } });
      x['spec style: completed'] = await rest('POST', '/message:send', { message: { ...msg10('50', 'm3'), taskId } });
      x['spec style: a completed task takes no more'] = await rest('POST', '/message:send', { message: { ...msg10('more', 'm4'), taskId } });
      x['rasa style: first message'] = await rest('POST', '/message:send', { message: msg10('book an appointment', 'm1', 'r1') });
      x['rasa style: next message is a new task'] = await rest('POST', '/message:send', { message: msg10('Monday', 'm2', 'r1') });
      x['GetTask'] = await rest('GET', `/tasks/${taskId}?historyLength=2`);
      x['ListTasks'] = await rest('GET', '/tasks?contextId=r1&pageSize=1');
      x['unsupported media type'] = await rest('POST', '/message:send', { message: { ...msg10('x', 'm9', 'r2'), parts: [{ url: 'https://f.test/a.png', mediaType: 'image/png' }] } });
      checkGolden('v1.0-http-json.json', x);
    } finally {
      await h.close();
    }
  });

  it('gRPC (v1.0 and v0.3 services): both multi-turn styles, as the @a2a-js/sdk client sees them', async () => {
    const kv = new MemoryKeyValueStore();
    const assistant = bankingAssistant();
    let t = Date.UTC(2026, 0, 1);
    const server = await startA2aGrpcServer({
      runtime: new FakeRuntime(), assistant: () => assistant, config: a2aConfig(), kv, publicUrl: 'http://agent.test:5005', logger: recordingLogger(),
      host: '127.0.0.1', port: 0, shutdownGraceMs: 200, ids: sequentialIds('id-'), clock: { now: () => (t += 1000) },
    });
    try {
      const card = { supportedInterfaces: [{ url: `127.0.0.1:${server.port}`, protocolBinding: 'GRPC', protocolVersion: '1.0', tenant: '' }] };
      const v10 = await new GrpcTransportFactory({ grpcChannelCredentials: grpc.credentials.createInsecure() }).create(`127.0.0.1:${server.port}`, card as never);
      const v03 = new LegacyGrpcTransport({ endpoint: `127.0.0.1:${server.port}` });
      const x: Record<string, unknown> = {};
      for (const [name, client] of [['v1.0', v10], ['v0.3', v03]] as const) {
        const send = async (text: string, ids: Record<string, string>) => {
          const result = await client.sendMessage({ message: Message.fromJSON({ role: 'ROLE_USER', parts: [{ text }], ...ids }) } as never);
          return 'status' in result ? Task.toJSON(result as Task) : result;
        };
        const first = (await send('transfer', { messageId: `${name}-m1` })) as { id: string };
        x[`${name} spec style: first message`] = first;
        x[`${name} spec style: continued by taskId`] = await send('12345', { messageId: `${name}-m2`, taskId: first.id });
        x[`${name} spec style: completed`] = await send('50', { messageId: `${name}-m3`, taskId: first.id });
        x[`${name} rasa style: first message`] = await send('book an appointment', { messageId: `${name}-m4`, contextId: `${name}-r1` });
        x[`${name} rasa style: next message is a new task`] = await send('Monday', { messageId: `${name}-m5`, contextId: `${name}-r1` });
      }
      checkGolden('grpc.json', x);
    } finally {
      await server.close();
      await kv.close();
    }
  });
});
