/**
 * The optional gRPC listener (`a2a_server.grpc_port`): the `@a2a-js/sdk` gRPC client (v1.0, and
 * the v0.3 legacy transport) against our server on 127.0.0.1, on the same task service semantics
 * as JSON-RPC (shared store: dedup across bindings), the AgentCard advertising gRPC, errors as
 * gRPC statuses, bearer JWT as metadata, and colloquy's own A2A client delegating over gRPC.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, TaskState, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, type Client } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import { LegacyGrpcTransport } from '@a2a-js/sdk/compat/v0_3/client/grpc';
import { TaskNotFoundError, VersionNotSupportedError } from '@a2a-js/sdk/errors';
import { isGrpcError } from '@a2a-js/sdk/errors/grpc';
import * as grpc from '@grpc/grpc-js';
import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { loadProjectFromFiles } from '../../src/project/load-project.ts';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { startA2aGrpcServer, type A2aGrpcServer, type A2aPluginDeps } from '../../src/channels/a2a/index.ts';
import type { A2AServerConfig } from '../../src/core/assistant.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from '../a2a-client/fixtures.ts';
import { FakeRuntime, STREAMED_PIECES } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';
import { msg10, startHarness, type Harness } from './harness.ts';

const kv = new MemoryKeyValueStore();
const runtime = new FakeRuntime();
const servers: A2aGrpcServer[] = [];
let g: A2aGrpcServer;
let h: Harness;

function deps(config: Partial<A2AServerConfig> = {}): A2aPluginDeps {
  const assistant = bankingAssistant();
  return { runtime, assistant: () => assistant, config: a2aConfig(config), kv, publicUrl: 'http://agent.test:5005', logger: recordingLogger(), subscribePollMs: 20 };
}

async function startGrpc(config: Partial<A2AServerConfig> = {}): Promise<A2aGrpcServer> {
  const server = await startA2aGrpcServer({ ...deps(config), host: '127.0.0.1', port: 0, shutdownGraceMs: 200 });
  servers.push(server);
  return server;
}

beforeAll(async () => {
  g = await startGrpc();
  // The HTTP side on the same store and runtime, advertising the gRPC port on its card.
  h = await startHarness({ kv, runtime, config: { grpcPort: g.port } });
});
afterAll(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await h.close();
  await kv.close();
});

const target = () => `127.0.0.1:${g.port}`;

/** The SDK client from our card, with the public host pointed at the test listener. */
async function sdkClient(): Promise<Client> {
  const card = await (await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { 'A2A-Version': '1.0' } })).text();
  const factory = new ClientFactory(ClientFactoryOptions.createFrom(ClientFactoryOptions.default, { transports: [new GrpcTransportFactory()], preferredTransports: ['GRPC'] }));
  const client = await factory.createFromAgentCard(JSON.parse(card.replaceAll(`agent.test:${g.port}`, target())));
  expect(client.transport.protocolName).toBe('GRPC');
  return client;
}

function userMessage(text: string, messageId: string, contextId: string): Message {
  return Message.fromJSON({ messageId, contextId, role: 'ROLE_USER', parts: [{ text }] });
}

function dataOf(task: Task): unknown {
  const part = task.status?.message?.parts.find((p) => p.content?.$case === 'data');
  return part?.content?.$case === 'data' ? part.content.value : undefined;
}

async function send(c: Client, text: string, messageId: string, contextId: string): Promise<Task> {
  const result = await c.sendMessage({ message: userMessage(text, messageId, contextId) } as never);
  if (!('status' in result)) throw new Error('expected a task');
  return result;
}

describe('a2a_server.grpc_port in endpoints.yml', () => {
  const load = (grpcPort: string) =>
    loadProjectFromFiles(
      {
        'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: t\npipeline:\n  - name: OfflineCommandGenerator\n',
        'domain.yml': 'session_config:\n  start_session_after_expiry: false\n',
        'endpoints.yml': `a2a_server:\n  description: A bank\n  grpc_port: ${grpcPort}\n`,
      },
      '/virtual',
      { env: {} },
    );

  it('is read as grpcPort; a port out of range is an error naming the key', () => {
    expect(load('50051').assistant?.endpoints.a2aServer?.grpcPort).toBe(50051);
    const { assistant, diagnostics } = load('70000');
    expect(assistant).toBeUndefined();
    expect(diagnostics.find((d) => d.severity === 'error')).toMatchObject({ file: 'endpoints.yml', keyPath: expect.stringContaining('grpc_port') });
  });
});

describe('the AgentCard', () => {
  it('advertises gRPC (1.0 and 0.3) after the HTTP interfaces, at the public host and grpc_port', async () => {
    const v10 = (await (await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { 'A2A-Version': '1.0' } })).json()) as { supportedInterfaces: unknown[] };
    expect(v10.supportedInterfaces.slice(-2)).toEqual([
      { url: `agent.test:${g.port}`, protocolBinding: 'GRPC', protocolVersion: '1.0' },
      { url: `agent.test:${g.port}`, protocolBinding: 'GRPC', protocolVersion: '0.3' },
    ]);
    const v03 = (await (await fetch(`${h.url}/.well-known/agent-card.json`)).json()) as { preferredTransport: string; additionalInterfaces: unknown[] };
    expect(v03.preferredTransport).toBe('JSONRPC');
    expect(v03.additionalInterfaces).toContainEqual({ url: `agent.test:${g.port}`, transport: 'GRPC' });
  });
});

describe('@a2a-js/sdk gRPC client (v1.0)', () => {
  it('input-required → follow-ups → completed with data; get; cancel; rejected', async () => {
    const c = await sdkClient();
    const t1 = await send(c, 'I want to transfer money', 'g-1', 'grpc-ctx');
    expect(t1.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const t2 = await send(c, '12345', 'g-2', 'grpc-ctx');
    expect(dataOf(t2)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { account_number: '12345', amount: null } });
    const t3 = await send(c, '50', 'g-3', 'grpc-ctx');
    expect(t3.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(runtime.turnsOf('grpc-ctx').map((t) => t.text)).toEqual(['I want to transfer money', '12345', '50']);

    expect((await c.getTask({ id: t3.id } as never)).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    const pending = await send(c, 'book an appointment', 'g-4', 'grpc-ctx');
    expect((await c.cancelTask({ id: pending.id } as never)).status?.state).toBe(TaskState.TASK_STATE_CANCELED);
    expect((await send(c, 'weather?', 'g-5', 'grpc-ctx-2')).status?.state).toBe(TaskState.TASK_STATE_REJECTED);
  });

  it('streams the task, working updates and the final state', async () => {
    const c = await sdkClient();
    const events = [];
    for await (const event of c.sendMessageStream({ message: userMessage('book an appointment', 'g-s1', 'grpc-stream') } as never)) events.push(event);
    expect(events[0]?.payload?.$case).toBe('task');
    const states = events.flatMap((e) => (e.payload?.$case === 'statusUpdate' ? [e.payload.value.status?.state] : []));
    expect(states).toEqual([TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_INPUT_REQUIRED]);
  });

  it('a retried messageId replays the task, also across JSON-RPC and gRPC (one store)', async () => {
    const c = await sdkClient();
    const first = await send(c, 'book an appointment', 'g-dup', 'grpc-dup');
    const again = await send(c, 'book an appointment', 'g-dup', 'grpc-dup');
    expect(again.id).toBe(first.id);
    const overRpc = await h.rpc('SendMessage', { message: msg10('book an appointment', 'g-dup', 'grpc-dup') }, { 'A2A-Version': '1.0' });
    expect((overRpc.body.result as { task: { id: string } }).task.id).toBe(first.id);
    expect(runtime.turnsOf('grpc-dup')).toHaveLength(1);
  });

  it('carries artifact chunks of streamed responses', async () => {
    const c = await sdkClient();
    const events = [];
    for await (const event of c.sendMessageStream({ message: userMessage('stream it', 'g-art', 'grpc-art') } as never)) events.push(event);
    const chunks = events.flatMap((e) => (e.payload?.$case === 'artifactUpdate' ? [e.payload.value] : []));
    expect(chunks.map((u) => (u.artifact?.parts[0]?.content?.$case === 'text' ? u.artifact.parts[0].content.value : ''))).toEqual(STREAMED_PIECES);
    expect(chunks.map((u) => [u.append, u.lastChunk])).toEqual(chunks.map((_, i) => [i > 0, i === chunks.length - 1]));
  });

  it('resubscribes to a running task and follows it through its follow-ups until it is terminal; a concurrent duplicate is ABORTED', async () => {
    const c = await sdkClient();
    const message = userMessage('slow transfer', 'g-slow', 'grpc-slow');
    const running = await c.sendMessage({ message, configuration: { returnImmediately: true } } as never);
    expect('status' in running && running.status?.state).toBe(TaskState.TASK_STATE_WORKING);
    const taskId = 'id' in running ? running.id : '';
    const duplicate = await c.sendMessage({ message } as never).catch((e: unknown) => e);
    expect(isGrpcError(duplicate) && duplicate.status).toBe(grpc.status.ABORTED);
    const states: TaskState[] = [];
    const subscription = (async () => {
      for await (const event of c.resubscribeTask({ id: taskId } as never)) {
        const payload = event.payload;
        if (payload?.$case === 'task') states.push(payload.value.status!.state);
        if (payload?.$case === 'statusUpdate') states.push(payload.value.status!.state);
      }
    })();
    await vi.waitFor(() => expect(states.at(-1)).toBe(TaskState.TASK_STATE_INPUT_REQUIRED), { timeout: 10_000 });
    // Spec-style follow-ups: the taskId alone names the task and its context.
    for (const [text, id] of [['12345', 'g-slow-2'], ['50', 'g-slow-3']]) {
      await c.sendMessage({ message: Message.fromJSON({ messageId: id, taskId, role: 'ROLE_USER', parts: [{ text }] }) } as never);
    }
    await subscription;
    expect(states.at(-1)).toBe(TaskState.TASK_STATE_COMPLETED);
    expect(states.filter((s) => s === TaskState.TASK_STATE_INPUT_REQUIRED).length).toBeGreaterThanOrEqual(2);
  });

  it('errors are gRPC statuses with the A2A reason', async () => {
    const c = await sdkClient();
    const missing = await c.getTask({ id: 'no-such-task' } as never).catch((e: unknown) => e);
    expect(missing).toBeInstanceOf(TaskNotFoundError);
    expect(isGrpcError(missing) && missing.status).toBe(grpc.status.NOT_FOUND);
    // The client always sends its own version: ask the transport directly.
    const badVersion = await c.transport.getTask({ id: 'x' } as never, { serviceParameters: { 'A2A-Version': '2.0' } }).catch((e: unknown) => e);
    expect(badVersion).toBeInstanceOf(VersionNotSupportedError);
    const noText = await c.sendMessage({ message: Message.fromJSON({ messageId: 'g-empty', role: 'ROLE_USER', parts: [{ data: { x: 1 } }] }) } as never).catch((e: unknown) => e);
    expect(isGrpcError(noText) && noText.status).toBe(grpc.status.INVALID_ARGUMENT);
  });
});

it('a v0.3 client (legacy gRPC transport, no A2A-Version) completes a conversation', async () => {
  const legacy = new LegacyGrpcTransport({ endpoint: target() });
  const t1 = await legacy.sendMessage({ message: userMessage('book an appointment', 'legacy-g1', 'grpc-legacy') } as never);
  expect('status' in t1 && t1.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
  const t2 = await legacy.sendMessage({ message: userMessage('Friday', 'legacy-g2', 'grpc-legacy') } as never);
  expect('status' in t2 && t2.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  expect('status' in t2 && dataOf(t2)).toEqual({ state: 'completed', slots: { appointment_id: 'APT-12345' } });
});

describe('bearer JWT as gRPC metadata', () => {
  let secured: A2aGrpcServer;
  let keys: Awaited<ReturnType<typeof generateKeyPair>>;
  const jwt = (sub: string) => new SignJWT({ sub }).setProtectedHeader({ alg: 'RS256' }).setIssuer('https://auth.test').setExpirationTime('5m').sign(keys.privateKey);

  beforeAll(async () => {
    keys = await generateKeyPair('RS256', { extractable: true });
    const dir = mkdtempSync(join(tmpdir(), 'a2a-grpc-jwt-'));
    writeFileSync(join(dir, 'public.pem'), await exportSPKI(keys.publicKey));
    secured = await startGrpc({ auth: { algorithm: 'RS256', publicKeyPath: join(dir, 'public.pem'), issuer: 'https://auth.test' } });
  });

  it('no token → UNAUTHENTICATED and no turn; a valid one runs; another subject cannot see the task', async () => {
    const transport = new LegacyGrpcTransport({ endpoint: `127.0.0.1:${secured.port}` });
    const refused = await transport.sendMessage({ message: userMessage('book', 'jwt-g1', 'grpc-jwt') } as never).catch((e: unknown) => e);
    expect(isGrpcError(refused) && refused.status).toBe(grpc.status.UNAUTHENTICATED);
    expect(runtime.turnsOf('grpc-jwt')).toHaveLength(0);

    const as = async (sub: string) => ({ serviceParameters: { authorization: `Bearer ${await jwt(sub)}` } });
    const task = await transport.sendMessage({ message: userMessage('book', 'jwt-g2', 'grpc-jwt') } as never, await as('orchestrator-1'));
    expect('status' in task && task.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    const id = 'id' in task ? task.id : '';
    expect((await transport.getTask({ id } as never, await as('orchestrator-1'))).id).toBe(id);
    await expect(transport.getTask({ id } as never, await as('someone-else'))).rejects.toBeInstanceOf(TaskNotFoundError);
  });
});

it("colloquy's A2A client delegates to colloquy over gRPC", async () => {
  const root = mkdtempSync(join(tmpdir(), 'a2a-grpc-card-'));
  writeFileSync(join(root, 'card.json'), JSON.stringify({ name: 'bank', supportedInterfaces: [{ url: target(), protocolBinding: 'GRPC', protocolVersion: '1.0' }], capabilities: { streaming: true } }));
  const client = createA2aAgentClient(a2aAssistant([a2aAgent('bank', 'card.json')], root), { healthCheck: { mode: 'card' } });
  expect((await client.checkAgents()).agents[0]).toMatchObject({ ok: true, transport: 'GRPC' });
  const first = await client.run('bank', agentInput('book an appointment'), turn());
  expect(first).toMatchObject({ status: 'input_required', response_message: 'Which day suits you?' });
  const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
  const done = await client.run('bank', agentInput('Friday', ids), turn(ids));
  expect(done.status).toBe('completed');
  expect(done.response_message).toBe('Booked: APT-12345.');
  await client.close();
});
