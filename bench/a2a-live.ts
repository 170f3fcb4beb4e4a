/**
 * A2A through the real runtime (`npx tsx bench/a2a-live.ts`): v1.0 `SendMessage` throughput and
 * p99 of examples/a2a-server (offline command generator, in-process actions) served in this
 * process exactly as `colloquy run` wires it — `createServer` + `composeRuntime` (memory stores) +
 * `createA2aPlugin` — beside a bare `@a2a-js/sdk` echo agent (its framework-agnostic JSON-RPC
 * handler on node:http) driven by the same load loop in the same run. Then the heap and the live
 * A2A records while 100,000 tasks run on 1,000 contexts with a simulated clock, so TTLs expire.
 * Env: BENCH_MS (load per target and round, default 2000), BENCH_ROUNDS (5), BENCH_TASKS (100000).
 */
import type { AddressInfo } from 'node:net';
import { createServer as createHttpServer } from 'node:http';
import { fileURLToPath } from 'node:url';
import { Message, TaskState, type AgentCard } from '@a2a-js/sdk';
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
import { pino } from 'pino';
import { MemoryKeyValueStore } from '../src/adapters/stores/memory-key-value-store.ts';
import { createA2aPlugin } from '../src/channels/a2a/index.ts';
import { composeRuntime, type ComposedRuntime } from '../src/cli/compose-runtime.ts';
import type { A2AServerConfig } from '../src/core/assistant.ts';
import type { KeyValueStore } from '../src/ports/key-value-store.ts';
import { createServer } from '../src/server/create-server.ts';

const PROJECT = fileURLToPath(new URL('../examples/a2a-server/', import.meta.url));
const DURATION_MS = Number(process.env.BENCH_MS ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const CONCURRENCY = 32;
const TASKS_FOR_MEMORY = Number(process.env.BENCH_TASKS ?? 100_000);
const MEMORY_CONTEXTS = 1_000;
/** Simulated time per 10,000 tasks: with the 600 s record TTL of endpoints.yml, a record lives ~20,000 tasks. */
const MINUTES_PER_10K_TASKS = 5;
/** A one-turn flow (custom action + response) that completes: `completed` every time. */
const TEXT = 'check my balance';
const silent = pino({ level: 'silent' });

interface Target {
  readonly url: string;
  close(): Promise<void>;
}

async function a2aConfigOf(runtime: ComposedRuntime): Promise<A2AServerConfig> {
  const config = runtime.current().assistant.endpoints.a2aServer;
  if (!config) throw new Error(`${PROJECT}endpoints.yml has no a2a_server block`);
  // Every request opens a new context: the max_contexts admission cap (default 1,000) would refuse them.
  return { ...config, maxContexts: 0 };
}

async function startColloquy(options: { kv?: KeyValueStore; clock?: { now(): number } } = {}): Promise<Target & { runtime: ComposedRuntime }> {
  const runtime = await composeRuntime({ project: PROJECT }, { logger: silent, stores: 'memory' });
  const config = await a2aConfigOf(runtime);
  const server = await createServer({
    runtime: runtime.processor,
    model: runtime.current(),
    port: 0,
    host: '127.0.0.1',
    logger: silent,
    extraPlugins: [
      (app, { runtime: guarded }) =>
        createA2aPlugin({
          runtime: guarded,
          assistant: () => runtime.current().assistant,
          config,
          kv: options.kv ?? runtime.kv,
          publicUrl: 'http://127.0.0.1',
          logger: silent,
          ...(options.clock ? { clock: options.clock } : {}),
        })(app),
    ],
  });
  const url = await server.listen();
  return {
    url: `${url}/`,
    runtime,
    close: async () => {
      await server.close();
      await runtime.close();
    },
  };
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

async function startBaseline(): Promise<Target> {
  const card = { name: 'echo', description: 'echo', version: '1', supportedInterfaces: [{ url: 'http://127.0.0.1/', protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }], capabilities: { streaming: false, pushNotifications: false, extensions: [] }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [], securitySchemes: {}, securityRequirements: [], signatures: [] } as unknown as AgentCard;
  const transport = new JsonRpcTransportHandler(new DefaultRequestHandler(card, new InMemoryTaskStore(), new EchoExecutor()));
  const server = createHttpServer(async (req, res) => {
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

/** CONCURRENCY workers send `SendMessage` on a new context each, back to back, for DURATION_MS. */
async function load(url: string): Promise<{ rps: number; p50: number; p99: number; errors: number }> {
  const latencies: number[] = [];
  let errors = 0;
  let n = 0;
  const started = performance.now();
  const end = started + DURATION_MS;
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async (_, worker) => {
      while (performance.now() < end) {
        const id = `${worker}-${n++}`;
        const body = JSON.stringify({ jsonrpc: '2.0', id, method: 'SendMessage', params: { message: { messageId: `m-${id}`, contextId: `c-${id}-${started}`, role: 'ROLE_USER', parts: [{ text: TEXT }] } } });
        const t0 = performance.now();
        const response = await fetch(url, { method: 'POST', body, headers: { 'content-type': 'application/json', 'A2A-Version': '1.0' } });
        const json = (await response.json()) as { result?: { task?: { status?: { state?: string } } } };
        latencies.push(performance.now() - t0);
        if (json.result?.task?.status?.state !== 'TASK_STATE_COMPLETED') errors++;
      }
    }),
  );
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { rps: (latencies.length / (performance.now() - started)) * 1000, p50: at(0.5), p99: at(0.99), errors };
}

/**
 * 100,000 tasks on 1,000 contexts (the conversations themselves stay: trackers are durable data),
 * the clock moving MINUTES_PER_10K_TASKS per 10,000 tasks against the 600 s record TTL.
 */
async function memoryAfterManyTasks(): Promise<void> {
  let now = Date.now();
  const clock = { now: () => now };
  const kv = new MemoryKeyValueStore(clock);
  const target = await startColloquy({ kv, clock });
  const mb = (bytes: number) => `${(bytes / 1e6).toFixed(1)} MB`;
  const heap = () => {
    globalThis.gc?.();
    return process.memoryUsage().heapUsed;
  };
  const base = heap();
  let next = 0;
  const started = performance.now();
  const report = async (done: number) => {
    // Heap first: listing the keys also drops expired entries that nothing has read since.
    const used = heap() - base;
    const live = (await kv.keysWithPrefix('a2a:')).length;
    console.log(`  after ${done.toLocaleString().padStart(7)} tasks: heap ${mb(used).padStart(8)} above start, live A2A records ${live}`);
  };
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      for (let i = next++; i < TASKS_FOR_MEMORY; i = next++) {
        if (i > 0 && i % 10_000 === 0) {
          now += MINUTES_PER_10K_TASKS * 60_000;
          if (i % 20_000 === 0) await report(i);
        }
        const body = JSON.stringify({ jsonrpc: '2.0', id: i, method: 'message/send', params: { message: { kind: 'message', role: 'user', messageId: `m${i}`, contextId: `c${i % MEMORY_CONTEXTS}`, parts: [{ kind: 'text', text: TEXT }] } } });
        const response = await fetch(target.url, { method: 'POST', body, headers: { 'content-type': 'application/json' } });
        const json = (await response.json()) as { result?: { status?: { state?: string } } };
        if (json.result?.status?.state !== 'completed') throw new Error(`task ${i}: ${JSON.stringify(json).slice(0, 300)}`);
      }
    }),
  );
  await report(TASKS_FOR_MEMORY);
  now += 11 * 60_000; // past every TTL
  await report(TASKS_FOR_MEMORY);
  const states = await Promise.all(Array.from({ length: MEMORY_CONTEXTS }, (_, c) => target.runtime.processor.getState(`c${c}`)));
  const trackerBytes = states.reduce((sum, state) => sum + JSON.stringify(state ?? null).length, 0);
  console.log(`  (${((TASKS_FOR_MEMORY / (performance.now() - started)) * 1000).toFixed(0)} tasks/s; the ${MEMORY_CONTEXTS} conversations stay in the memory tracker store: ${mb(trackerBytes)} as JSON)`);
  await target.close();
}

const baseline = await startBaseline();
const ours = await startColloquy();
await load(baseline.url); // warm-up both
await load(ours.url);
// Interleaved rounds: the machines are shared and noisy, so each ratio compares neighbours in time.
const rounds: { b: Awaited<ReturnType<typeof load>>; o: Awaited<ReturnType<typeof load>> }[] = [];
for (let round = 0; round < ROUNDS; round++) rounds.push({ b: await load(baseline.url), o: await load(ours.url) });
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const fmt = (r: Awaited<ReturnType<typeof load>>) => `${r.rps.toFixed(0).padStart(6)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`;
console.log(`SendMessage '${TEXT}', ${CONCURRENCY} concurrent clients, a new context per request, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms per target`);
for (const [i, { b, o }] of rounds.entries()) {
  console.log(`round ${i + 1}: bare @a2a-js/sdk echo agent  ${fmt(b)}`);
  console.log(`         colloquy (offline, in-proc) ${fmt(o)}   ratio ${(o.rps / b.rps).toFixed(2)}`);
}
const ratio = median(rounds.map(({ b, o }) => o.rps / b.rps));
const p99Ratio = median(rounds.map(({ b, o }) => o.p99 / b.p99));
console.log(`median throughput ratio colloquy/baseline: ${ratio.toFixed(2)} (target >= 0.50); median p99 ratio: ${p99Ratio.toFixed(2)}`);
await baseline.close();
await ours.close();
console.log(`memory over ${TASKS_FOR_MEMORY.toLocaleString()} tasks:`);
await memoryAfterManyTasks();
