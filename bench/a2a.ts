/**
 * A2A server benchmark (`npx tsx bench/a2a.ts`): `message/send` (v1.0 SendMessage) throughput and
 * p99 through our fastify plugin vs a bare `@a2a-js/sdk` echo agent (its framework-agnostic JSON-RPC
 * handler on node:http; `@types/express` is not installed) in the same run, and
 * memory after 100,000 tasks with TTL eviction. Prints ratios, since these machines are noisy.
 * The runtime is a stateless echo for now (swap in the offline generator's runtime later).
 */
import type { AddressInfo } from 'node:net';
import { Message, TaskState, type AgentCard } from '@a2a-js/sdk';
import { createServer } from 'node:http';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  ServerCallContext,
  UnauthenticatedUser,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import Fastify from 'fastify';
import { MemoryKeyValueStore } from '../src/adapters/stores/memory-key-value-store.ts';
import { createA2aPlugin } from '../src/channels/a2a/index.ts';
import type { ConversationRuntime, IncomingMessage, TurnResult } from '../src/runtime/processor-api.ts';
import { a2aConfig, bankingAssistant } from '../test/a2a/fixtures.ts';

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CONCURRENCY = 32;
const TASKS_FOR_MEMORY = 100_000;

/** Completes a one-step flow every turn, holding no state. */
const echoRuntime: ConversationRuntime = {
  async handleMessage(message: IncomingMessage): Promise<TurnResult> {
    const text = `echo: ${message.text ?? ''}`;
    return {
      senderId: message.senderId,
      messages: [{ text }],
      firstEventIndex: 0,
      state: {
        version: 1,
        sender_id: message.senderId,
        slots: {},
        stack: [],
        events: [{ event: 'flow_completed', flow_id: 'echo', step_id: 'END', timestamp: 0 }],
        paused: false,
        latest_event_time: 0,
        latest_action_name: 'action_listen',
        latest_input_channel: 'a2a',
      },
    };
  },
  triggerIntent: () => Promise.reject(new Error('unused')),
  getState: async () => undefined,
  appendEvents: () => Promise.reject(new Error('unused')),
  deleteConversation: async () => undefined,
  listConversations: async () => [],
};

async function startOurs(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  const assistant = bankingAssistant();
  const plugin = createA2aPlugin({
    runtime: echoRuntime,
    assistant: () => assistant,
    config: a2aConfig({ maxContexts: 0 }),
    kv: new MemoryKeyValueStore(),
    publicUrl: 'http://127.0.0.1',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
  });
  await plugin(app);
  await app.listen({ host: '127.0.0.1', port: 0 });
  return { url: `http://127.0.0.1:${(app.server.address() as AddressInfo).port}/`, close: () => app.close() };
}

class EchoExecutor implements AgentExecutor {
  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const text = ctx.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
    const reply = Message.fromJSON({ messageId: crypto.randomUUID(), role: 'ROLE_AGENT', contextId: ctx.contextId, taskId: ctx.taskId, parts: [{ text: `echo: ${text}` }] });
    bus.publish(AgentEvent.task({ id: ctx.taskId, contextId: ctx.contextId, status: { state: TaskState.TASK_STATE_COMPLETED, message: reply, timestamp: new Date().toISOString() }, history: [ctx.userMessage], artifacts: [], metadata: undefined } as never));
    bus.finished();
  }
  async cancelTask(): Promise<void> {}
}

async function startBaseline(): Promise<{ url: string; close: () => Promise<void> }> {
  const card = { name: 'echo', description: 'echo', version: '1', supportedInterfaces: [{ url: 'http://127.0.0.1/', protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }], capabilities: { streaming: false, pushNotifications: false, extensions: [] }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [], securitySchemes: {}, securityRequirements: [], signatures: [] } as unknown as AgentCard;
  const transport = new JsonRpcTransportHandler(new DefaultRequestHandler(card, new InMemoryTaskStore(), new EchoExecutor()));
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const context = new ServerCallContext({ user: new UnauthenticatedUser(), requestedVersion: String(req.headers['a2a-version'] ?? '') });
    const result = await transport.handle(body, context);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

async function load(url: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const end = performance.now() + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < end) {
        const id = `${worker}-${n++}`;
        const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'SendMessage', params: { message: { messageId: `m-${id}`, contextId: `c-${id}`, role: 'ROLE_USER', parts: [{ text: 'hello' }] } } });
        const started = performance.now();
        const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'A2A-Version': '1.0' } });
        const json = (await response.json()) as { result?: { task?: { status?: { state?: string } } } };
        latencies.push(performance.now() - started);
        if (json.result?.task?.status?.state !== 'TASK_STATE_COMPLETED') errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { rps: (latencies.length / DURATION_MS) * 1000, p50: at(0.5), p99: at(0.99), errors };
}

async function memoryAfterManyTasks(): Promise<void> {
  let now = Date.now();
  const kv = new MemoryKeyValueStore({ now: () => now });
  const app = Fastify();
  const assistant = bankingAssistant();
  await createA2aPlugin({
    runtime: echoRuntime,
    assistant: () => assistant,
    config: a2aConfig({ maxContexts: 0, messageCacheTtlSeconds: 60, taskTimeoutSeconds: 60 }),
    kv,
    publicUrl: 'http://127.0.0.1',
    logger: { info: () => undefined, warn: () => undefined, error: () => undefined },
    clock: { now: () => now },
  })(app);
  await app.ready();
  globalThis.gc?.();
  const before = process.memoryUsage().heapUsed;
  for (let i = 0; i < TASKS_FOR_MEMORY; i++) {
    if (i % 10_000 === 0) now += 61_000; // one simulated minute per 10,000 tasks: earlier records expire
    const payload = { jsonrpc: '2.0', id: i, method: 'message/send', params: { message: { kind: 'message', role: 'user', messageId: `m${i}`, contextId: `c${i}`, parts: [{ kind: 'text', text: 'hello' }] } } };
    await app.inject({ method: 'POST', url: '/', payload });
  }
  now += 61_000;
  const live = (await kv.keysWithPrefix('a2a:')).length;
  globalThis.gc?.();
  const after = process.memoryUsage().heapUsed;
  console.log(`memory after ${TASKS_FOR_MEMORY.toLocaleString()} tasks: heap +${((after - before) / 1e6).toFixed(1)} MB, live A2A records after TTL: ${live}`);
  await app.close();
}

const baseline = await startBaseline();
const ours = await startOurs();
await load(baseline.url); // warm-up both
await load(ours.url);
const b = await load(baseline.url);
const o = await load(ours.url);
const fmt = (r: typeof b) => `${r.rps.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`;
console.log(`bare @a2a-js/sdk echo agent : ${fmt(b)}`);
console.log(`colloquy A2A plugin (echo)  : ${fmt(o)}`);
console.log(`throughput ratio ours/baseline: ${(o.rps / b.rps).toFixed(2)} (target >= 0.50); p99 ratio: ${(o.p99 / b.p99).toFixed(2)}`);
await baseline.close();
await ours.close();
await memoryAfterManyTasks();
