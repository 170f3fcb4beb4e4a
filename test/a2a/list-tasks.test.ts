/**
 * ListTasks on all three bindings, served from the store: filters, newest-first order, cursor
 * paging, history and artifact options, and the `@a2a-js/sdk` client's view of it over gRPC.
 */
import { ClientFactory, ClientFactoryOptions } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { TaskState } from '@a2a-js/sdk';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { startA2aGrpcServer, type A2aGrpcServer } from '../../src/channels/a2a/index.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';
import { msg10, startHarness, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
const v1 = { 'A2A-Version': '1.0' };
const kv = new MemoryKeyValueStore();
const runtime = new FakeRuntime();
let h: Harness;
let g: A2aGrpcServer;
const ids: Record<string, string> = {};

beforeAll(async () => {
  const assistant = bankingAssistant();
  g = await startA2aGrpcServer({ runtime, assistant: () => assistant, config: a2aConfig(), kv, publicUrl: 'http://agent.test:5005', logger: recordingLogger(), host: '127.0.0.1', port: 0, shutdownGraceMs: 200 });
  h = await startHarness({ kv, runtime, config: { grpcPort: g.port } });
  // Five tasks, oldest first: two on ctx-a (input-required, completed), one streamed (artifact), a rejected one, an input-required one.
  const turns: [string, string, string][] = [
    ['a1', 'book an appointment', 'ctx-a'],
    ['a2', 'Friday', 'ctx-a'],
    ['s1', 'stream the answer', 'ctx-s'],
    ['r1', 'weather', 'ctx-r'],
    ['t1', 'transfer', 'ctx-t'],
  ];
  for (const [key, text, contextId] of turns) {
    ids[key] = ((await h.rpc('SendMessage', { message: msg10(text, key, contextId) }, v1)).body.result as Json).task.id;
    await new Promise((resolve) => setTimeout(resolve, 5)); // distinct status times
  }
});
afterAll(async () => {
  await g.close();
  await h.close();
  await kv.close();
});

const list = async (params: Json): Promise<Json> => (await h.rpc('ListTasks', params, v1)).body;

describe('ListTasks (JSON-RPC)', () => {
  it('lists every task newest first, without artifacts unless asked, with an empty nextPageToken on the last page', async () => {
    const { result } = await list({});
    expect(result.tasks.map((t: Json) => t.id)).toEqual([ids.t1, ids.r1, ids.s1, ids.a2, ids.a1]);
    expect(result).toMatchObject({ nextPageToken: '', pageSize: 50, totalSize: 5 });
    expect(result.tasks.every((t: Json) => !('artifacts' in t))).toBe(true);
    const withArtifacts = (await list({ contextId: 'ctx-s', includeArtifacts: true })).result.tasks[0];
    expect(withArtifacts.artifacts).toEqual([{ artifactId: expect.any(String), name: 'response', parts: [{ text: 'Fees: none at all.' }] }]);
  });

  it('filters by context, state and status time, and trims history', async () => {
    expect((await list({ contextId: 'ctx-a' })).result.tasks.map((t: Json) => t.id)).toEqual([ids.a2, ids.a1]);
    const all = (await list({})).result.tasks as Json[];
    const waiting = all.filter((t) => t.status.state === 'TASK_STATE_INPUT_REQUIRED').map((t) => t.id);
    expect(waiting).toEqual(expect.arrayContaining([ids.t1, ids.a1]));
    expect((await list({ status: 'TASK_STATE_INPUT_REQUIRED' })).result.tasks.map((t: Json) => t.id)).toEqual(waiting);
    const rejected = (await list({ status: 'TASK_STATE_REJECTED' })).result.tasks[0];
    const after = (await list({ statusTimestampAfter: rejected.status.timestamp })).result.tasks.map((t: Json) => t.id);
    expect(after).toEqual([ids.t1, ids.r1]);
    expect((await list({ contextId: 'ctx-a', historyLength: 0 })).result.tasks[0].history).toEqual([]);
  });

  it('pages with opaque cursors; bad page sizes and tokens are invalid params', async () => {
    const seen: string[] = [];
    let token = '';
    do {
      const { result } = await list({ pageSize: 2, ...(token ? { pageToken: token } : {}) });
      expect(result.totalSize).toBe(5);
      seen.push(...result.tasks.map((t: Json) => t.id));
      token = result.nextPageToken;
    } while (token);
    expect(seen).toEqual([ids.t1, ids.r1, ids.s1, ids.a2, ids.a1]);
    for (const bad of [{ pageSize: 0 }, { pageSize: 101 }, { pageToken: 'not-ours' }, { status: 'DONE' }, { statusTimestampAfter: 'yesterday' }]) {
      expect((await list(bad)).error.code).toBe(-32602);
    }
  });
});

describe('ListTasks (HTTP+JSON and gRPC)', () => {
  it('GET /tasks takes the same filters as query parameters', async () => {
    const r = await fetch(`${h.url}/tasks?contextId=ctx-a&pageSize=1&includeArtifacts=false`);
    expect(r.status).toBe(200);
    const body = (await r.json()) as Json;
    expect(body.tasks.map((t: Json) => t.id)).toEqual([ids.a2]);
    expect(body.totalSize).toBe(2);
    const next = (await (await fetch(`${h.url}/tasks?contextId=ctx-a&pageSize=1&pageToken=${body.nextPageToken}`)).json()) as Json;
    expect(next.tasks.map((t: Json) => t.id)).toEqual([ids.a1]);
    expect((await fetch(`${h.url}/tasks?pageSize=lots`)).status).toBe(400);
  });

  it('the SDK client lists over gRPC', async () => {
    const card = await (await fetch(`${h.url}/.well-known/agent-card.json`, { headers: v1 })).text();
    const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new GrpcTransportFactory()], preferredTransports: ['GRPC'] }));
    const client = await factory.createFromAgentCard(JSON.parse(card.replaceAll(`agent.test:${g.port}`, `127.0.0.1:${g.port}`)));
    // The SDK's request type has every field (proto3 defaults), unset ones empty.
    const page = await client.listTasks({ tenant: '', contextId: 'ctx-a', status: TaskState.TASK_STATE_COMPLETED, pageToken: '' } as never);
    expect(page.tasks.map((t) => t.id)).toEqual([ids.a2]);
    expect(page.totalSize).toBe(1);
    expect(page.nextPageToken).toBe('');
  });
});
