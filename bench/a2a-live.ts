/**
 * A2A through the real runtime (`npx tsx bench/a2a-live.ts`): v1.0 `SendMessage` throughput and
 * p99 of examples/a2a-server (offline command generator, in-process actions) served in this
 * process exactly as `colloquy run` wires it — `createServer` + `composeRuntime` (memory stores) +
 * `createA2aPlugin` — beside a bare `@a2a-js/sdk` echo agent (its framework-agnostic JSON-RPC
 * handler on node:http) driven by the same load loop in the same run. Then the heap and the live
 * A2A records while 100,000 tasks run on 1,000 contexts with a simulated clock, so TTLs expire.
 * Env: BENCH_MS (load per target and round, default 2000), BENCH_ROUNDS (5), BENCH_TASKS (100000).
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { MemoryKeyValueStore } from '../src/adapters/stores/memory-key-value-store.ts';
import { createA2aPlugin } from '../src/channels/a2a/index.ts';
import { composeRuntime, type ComposedRuntime } from '../src/cli/compose-runtime.ts';
import type { A2AServerConfig } from '../src/core/assistant.ts';
import type { KeyValueStore } from '../src/ports/key-value-store.ts';
import { createServer } from '../src/server/create-server.ts';
import { sendMessageLoad, startEchoBaseline, type BenchTarget } from './a2a-baseline.ts';
import type { LoadResult } from './load-loop.ts';

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

async function a2aConfigOf(runtime: ComposedRuntime): Promise<A2AServerConfig> {
  const config = runtime.current().assistant.endpoints.a2aServer;
  if (!config) throw new Error(`${PROJECT}endpoints.yml has no a2a_server block`);
  // Every request opens a new context: the max_contexts admission cap (default 1,000) would refuse them.
  return { ...config, maxContexts: 0 };
}

async function startColloquy(options: { kv?: KeyValueStore; clock?: { now(): number } } = {}): Promise<BenchTarget & { runtime: ComposedRuntime }> {
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

const load = (url: string) => sendMessageLoad(url, { text: TEXT, durationMs: DURATION_MS, concurrency: CONCURRENCY });

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

const baseline = await startEchoBaseline();
const ours = await startColloquy();
await load(baseline.url); // warm-up both
await load(ours.url);
// Interleaved rounds: the machines are shared and noisy, so each ratio compares neighbours in time.
const rounds: { b: LoadResult; o: LoadResult }[] = [];
for (let round = 0; round < ROUNDS; round++) rounds.push({ b: await load(baseline.url), o: await load(ours.url) });
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const fmt = (r: LoadResult) => `${r.perSecond.toFixed(0).padStart(6)} req/s, p50 ${r.p50.toFixed(2)} ms, p99 ${r.p99.toFixed(2)} ms, CPU ${r.cpuUs.toFixed(0)} µs/req, errors ${r.errors}`;
console.log(`SendMessage '${TEXT}', ${CONCURRENCY} concurrent clients, a new context per request, ${ROUNDS} interleaved rounds of ${DURATION_MS} ms per target`);
for (const [i, { b, o }] of rounds.entries()) {
  console.log(`round ${i + 1}: bare @a2a-js/sdk echo agent  ${fmt(b)}`);
  console.log(`         colloquy (offline, in-proc) ${fmt(o)}   ratio ${(o.perSecond / b.perSecond).toFixed(2)}, by CPU ${(b.cpuUs / o.cpuUs).toFixed(2)}`);
}
const ratio = median(rounds.map(({ b, o }) => o.perSecond / b.perSecond));
// Load client and servers share one process: the CPU per request ratio is what req/s would be with a core to itself.
const cpuRatio = median(rounds.map(({ b, o }) => b.cpuUs / o.cpuUs));
const p99Ratio = median(rounds.map(({ b, o }) => o.p99 / b.p99));
console.log(`median throughput ratio colloquy/baseline: ${ratio.toFixed(2)} (target >= 0.80); by CPU per request: ${cpuRatio.toFixed(2)}; median p99 ratio: ${p99Ratio.toFixed(2)}`);
await baseline.close();
await ours.close();
console.log(`memory over ${TASKS_FOR_MEMORY.toLocaleString()} tasks:`);
await memoryAfterManyTasks();
