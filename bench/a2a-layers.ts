/**
 * Where an A2A `SendMessage` spends its CPU, without HTTP or a load client (`npx tsx bench/a2a-layers.ts`):
 * one request after another, in-process, CPU µs per request of
 * - `sdk`: the bare `@a2a-js/sdk` echo agent's JSON-RPC handler (`a2a-baseline.ts`): body in, response JSON out;
 * - `a2a echo`: our JSON-RPC work for the same request (parse, decode, task service with its store
 *   records, encode, stringify) on a runtime that only echoes: the A2A layer;
 * - `turn`: one turn of examples/a2a-server on a new conversation, as the A2A layer asks for it (with a
 *   message id), memory stores;
 * - `a2a live`: the A2A layer on that runtime, what `bench/a2a-live.ts` serves minus HTTP.
 * Rounds are interleaved; medians are printed. Env: BENCH_N (requests per row and round, 2000), BENCH_ROUNDS (5).
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { ServerCallContext, UnauthenticatedUser } from '@a2a-js/sdk/server';
import { MemoryKeyValueStore } from '../src/adapters/stores/memory-key-value-store.ts';
import { createA2aServices } from '../src/channels/a2a/a2a-services.ts';
import { CODECS } from '../src/channels/a2a/codecs.ts';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import type { ConversationRuntime } from '../src/runtime/processor-api.ts';
import { echoRuntime, echoTransport } from './a2a-baseline.ts';

const PROJECT = fileURLToPath(new URL('../examples/a2a-server/', import.meta.url));
const N = Number(process.env.BENCH_N ?? 2000);
const ROUNDS = Math.max(1, Number(process.env.BENCH_ROUNDS ?? 5));
const TEXT = 'check my balance';
const silent = pino({ level: 'silent' });
const run = crypto.randomUUID().slice(0, 8);
let seq = 0;

function body(): string {
  const id = `${run}-${seq++}`;
  const message = { messageId: `m-${id}`, contextId: `c-${id}`, role: 'ROLE_USER', parts: [{ text: TEXT }] };
  return JSON.stringify({ jsonrpc: '2.0', id, method: 'SendMessage', params: { message } });
}

function completed(response: string): void {
  if (!response.includes('"TASK_STATE_COMPLETED"')) throw new Error(`not completed: ${response.slice(0, 300)}`);
}

const live = await composeRuntime({ project: PROJECT }, { logger: silent, stores: 'memory' });
const config = { ...live.current().assistant.endpoints.a2aServer!, maxContexts: 0 };

function sdk(): () => Promise<void> {
  const transport = echoTransport();
  return async () => {
    const context = new ServerCallContext({ user: new UnauthenticatedUser(), requestedVersion: '1.0' });
    completed(JSON.stringify(await transport.handle(body(), context)));
  };
}

/** What the JSON-RPC route does for `SendMessage` once fastify handed it the body. */
function a2a(runtime: ConversationRuntime): () => Promise<void> {
  const { service } = createA2aServices({ runtime, assistant: () => live.current().assistant, config, kv: new MemoryKeyValueStore(), publicUrl: 'http://127.0.0.1', logger: silent });
  const codec = CODECS['1.0'];
  return async () => {
    const { id, params } = JSON.parse(body()) as { id: string; params: unknown };
    const send = codec.decode.send(params);
    completed(JSON.stringify({ jsonrpc: '2.0', id, result: codec.encode.sendResult(await service.send(send, {}, '1.0'), send.historyLength) }));
  };
}

const rows: Record<string, () => Promise<void>> = {
  sdk: sdk(),
  'a2a echo': a2a(echoRuntime),
  turn: async () => {
    const id = `t-${run}-${seq++}`;
    await live.processor.handleMessage({ senderId: id, text: TEXT, channel: 'a2a', messageId: id });
  },
  'a2a live': a2a(live.processor),
};

async function cpuPerRequest(op: () => Promise<void>): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < N; i++) await op();
  const used = process.cpuUsage(start);
  return (used.user + used.system) / N;
}

// Warm-up: the JIT needs thousands of requests before colloquy's code runs optimized.
for (let i = 0; i < 2; i++) for (const op of Object.values(rows)) await cpuPerRequest(op);
const samples: Record<string, number[]> = Object.fromEntries(Object.keys(rows).map((name) => [name, []]));
for (let round = 0; round < ROUNDS; round++) {
  for (const [name, op] of Object.entries(rows)) samples[name]!.push(await cpuPerRequest(op));
}
const median = (values: number[]) => [...values].sort((x, y) => x - y)[Math.floor(values.length / 2)]!;
const m = Object.fromEntries(Object.entries(samples).map(([name, values]) => [name, median(values)])) as Record<string, number>;
console.log(`CPU µs per SendMessage without HTTP, ${N} sequential requests per row, median of ${ROUNDS} interleaved rounds`);
for (const [name, values] of Object.entries(samples)) console.log(`  ${name.padEnd(9)} ${m[name]!.toFixed(1).padStart(7)}   (rounds: ${values.map((v) => v.toFixed(0)).join(' ')})`);
const rest = m['a2a live']! - m['a2a echo']! - m.turn!;
console.log(
  `SDK ${m.sdk!.toFixed(0)} µs; A2A layer ${m['a2a echo']!.toFixed(0)} µs (${(m['a2a echo']! / m.sdk!).toFixed(2)} × SDK); turn ${m.turn!.toFixed(0)} µs (${(m.turn! / m.sdk!).toFixed(2)} × SDK); ` +
    `a2a live ${m['a2a live']!.toFixed(0)} µs = layer + turn + ${rest.toFixed(0)} µs (bigger records and heap, GC)`,
);
await live.close();
