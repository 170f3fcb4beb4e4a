/**
 * Both ways of holding a multi-turn conversation, driven by the official `@a2a-js/sdk` client over
 * every binding and both protocol generations: spec style (the follow-up names the task with
 * `taskId`, the context is inferred, the task grows) and Rasa style (each message on the
 * `contextId` is a new task).
 */
import { Message, TaskState, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import { LegacyGrpcTransport } from '@a2a-js/sdk/compat/v0_3/client/grpc';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { startA2aGrpcServer, type A2aGrpcServer } from '../../src/channels/a2a/index.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

const kv = new MemoryKeyValueStore();
const runtime = new FakeRuntime();
let h: Harness;
let g: A2aGrpcServer;

beforeAll(async () => {
  const assistant = bankingAssistant();
  g = await startA2aGrpcServer({
    runtime,
    assistant: () => assistant,
    config: a2aConfig(),
    kv,
    publicUrl: 'http://agent.test:5005',
    logger: recordingLogger(),
    host: '127.0.0.1',
    port: 0,
    shutdownGraceMs: 200,
  });
  h = await startHarness({ kv, runtime, config: { grpcPort: g.port } });
});
afterAll(async () => {
  await g.close();
  await h.close();
  await kv.close();
});

/** What every client below offers, whatever its binding and generation. */
interface Sender {
  sendMessage(params: { message: Message }): Promise<Message | Task>;
  getTask(params: { id: string; historyLength?: number }): Promise<Task>;
}

type Binding = 'JSONRPC' | 'HTTP+JSON' | 'GRPC';

/** A v1.0 client built from the card fetched WITHOUT an `A2A-Version` header, as a plain client would. */
async function v10Client(binding: Binding): Promise<Sender> {
  const text = await (await fetch(`${h.url}/.well-known/agent-card.json`)).text();
  const card = JSON.parse(text.replaceAll('http://agent.test:5005', h.url).replaceAll(`agent.test:${g.port}`, `127.0.0.1:${g.port}`));
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory(), new RestTransportFactory(), new GrpcTransportFactory()],
      preferredTransports: [binding],
    }),
  );
  const client = await factory.createFromAgentCard(card);
  expect(client.transport.protocolName).toBe(binding);
  return client as unknown as Sender;
}

const CLIENTS: Record<string, () => Promise<Sender>> = {
  'v1.0 JSON-RPC': () => v10Client('JSONRPC'),
  'v1.0 HTTP+JSON': () => v10Client('HTTP+JSON'),
  'v1.0 gRPC': () => v10Client('GRPC'),
  'v0.3 JSON-RPC': async () => new LegacyJsonRpcTransport({ endpoint: `${h.url}/` }) as unknown as Sender,
  'v0.3 gRPC': async () => new LegacyGrpcTransport({ endpoint: `127.0.0.1:${g.port}` }) as unknown as Sender,
};

function message(text: string, messageId: string, ids: { contextId?: string; taskId?: string }): Message {
  return Message.fromJSON({ messageId, role: 'ROLE_USER', parts: [{ text }], ...ids });
}

async function send(client: Sender, text: string, messageId: string, ids: { contextId?: string; taskId?: string }): Promise<Task> {
  const result = await client.sendMessage({ message: message(text, messageId, ids) });
  if (!('status' in result)) throw new Error('expected a task');
  return result;
}

describe.each(Object.keys(CLIENTS))('@a2a-js/sdk client, %s', (name) => {
  const tag = name.replace(/\W+/g, '-');

  it('continues a task by taskId alone: same task, inferred context, growing history, then no more input once completed', async () => {
    const client = await CLIENTS[name]!();
    const first = await send(client, 'I want to transfer money', `${tag}-t1`, {});
    expect(first.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const second = await send(client, '12345', `${tag}-t2`, { taskId: first.id });
    expect(second.id).toBe(first.id);
    expect(second.contextId).toBe(first.contextId);
    expect(second.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const third = await send(client, '50', `${tag}-t3`, { taskId: first.id, contextId: first.contextId });
    expect(third.id).toBe(first.id);
    expect(third.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    // v0.3 gRPC cannot tell an unset historyLength from 0: ask for the history explicitly.
    const stored = await client.getTask({ id: first.id, historyLength: 10 });
    expect(stored.history).toHaveLength(6);
    expect(stored.history.filter((m) => m.messageId.startsWith(tag)).map((m) => m.messageId)).toEqual([`${tag}-t1`, `${tag}-t2`, `${tag}-t3`]);
    expect(runtime.turnsOf(first.contextId).map((t) => t.text)).toEqual(['I want to transfer money', '12345', '50']);

    await expect(send(client, 'again', `${tag}-t4`, { taskId: first.id })).rejects.toThrow(/completed|terminal|UnsupportedOperation|-32004|FAILED_PRECONDITION/i);
  });

  it('starts a new task for each message that names only the context, on the same conversation', async () => {
    const client = await CLIENTS[name]!();
    const contextId = `ctx-${tag}`;
    const first = await send(client, 'book an appointment', `${tag}-c1`, { contextId });
    expect(first.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const second = await send(client, 'Friday', `${tag}-c2`, { contextId });
    expect(second.id).not.toBe(first.id);
    expect(second.contextId).toBe(contextId);
    expect(second.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(runtime.turnsOf(contextId).map((t) => t.text)).toEqual(['book an appointment', 'Friday']);
  });
});
