/**
 * A2A server benchmark (`npx tsx bench/a2a.ts`): `message/send` (v1.0 SendMessage) throughput and
 * p99 through our fastify plugin vs a bare `@a2a-js/sdk` echo agent (its framework-agnostic JSON-RPC
 * handler on node:http; `@types/express` is not installed) in the same run, and
 * memory after 100,000 tasks with TTL eviction. Prints ratios, since these machines are noisy.
 * The runtime is a stateless echo for now (swap in the offline generator's runtime later).
 */
import type { AddressInfo } from 'node:net';
import Fastify from 'fastify';
import { MemoryKeyValueStore } from '../src/adapters/stores/memory-key-value-store.ts';
import { createA2aPlugin } from '../src/channels/a2a/index.ts';
import { a2aConfig, bankingAssistant } from '../test/a2a/fixtures.ts';
import { echoRuntime, sendMessageLoad, startEchoBaseline, type BenchTarget } from './a2a-baseline.ts';
import type { LoadResult } from './load-loop.ts';

const DURATION_MS = Number(process.env.BENCH_MS ?? 4000);
const CONCURRENCY = 32;
const TASKS_FOR_MEMORY = 100_000;

async function startOurs(): Promise<BenchTarget> {
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

const load = (url: string) => sendMessageLoad(url, { text: 'hello', durationMs: DURATION_MS, concurrency: CONCURRENCY });

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

const baseline = await startEchoBaseline();
const ours = await startOurs();
await load(baseline.url); // warm-up both
await load(ours.url);
const b = await load(baseline.url);
const o = await load(ours.url);
const fmt = (r: LoadResult) => `${r.perSecond.toFixed(0)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, errors ${r.errors}`;
console.log(`bare @a2a-js/sdk echo agent : ${fmt(b)}`);
console.log(`colloquy A2A plugin (echo)  : ${fmt(o)}`);
console.log(`throughput ratio ours/baseline: ${(o.perSecond / b.perSecond).toFixed(2)} (target >= 0.50); p99 ratio: ${(o.p99 / b.p99).toFixed(2)}`);
await baseline.close();
await ours.close();
await memoryAfterManyTasks();
