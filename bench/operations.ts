/**
 * Overhead of the operations features on REST turns (target ≤ 10%): the starter assistant
 * in-process (memory stores, offline generator) with nothing, with Prometheus metrics, and with
 * metrics plus OpenTelemetry tracing exporting to an in-process OTLP/HTTP receiver. Rounds are
 * interleaved so machine load hits every variant alike; the median of the rounds is reported.
 * Run: npx tsx bench/operations.ts [seconds per run=4] [rounds=3] [concurrency=32]
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { createServer } from '../src/server/create-server.ts';
import { startOtlpReceiver } from '../test/operations/otlp-receiver.ts';
import { restScriptLoad } from './load-loop.ts';

const SECONDS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = Number(process.argv[4] ?? 32);
const STARTER = 'examples/starter';

const receiver = await startOtlpReceiver();
const dir = mkdtempSync(join(tmpdir(), 'colloquy-bench-ops-'));
const ACTIONS = 'action_endpoint:\n  actions_module: actions\n';
const variants: Record<string, string> = {
  off: ACTIONS,
  metrics: `${ACTIONS}metrics:\n  type: prometheus\n`,
  'metrics+tracing': `${ACTIONS}metrics:\n  type: prometheus\ntracing:\n  type: otlp\n  endpoint: ${receiver.url}\n`,
};

async function measure(endpointsYaml: string): Promise<number> {
  const endpoints = join(dir, 'endpoints.yml');
  writeFileSync(endpoints, endpointsYaml);
  const logger = pino({ level: 'warn' });
  const runtime = await composeRuntime({ project: STARTER, endpoints }, { logger, stores: 'memory' });
  const server = await createServer({ runtime: runtime.processor, model: runtime.current(), host: '127.0.0.1', port: 0, logger, ...(runtime.operations.metrics ? { metrics: runtime.operations.metrics } : {}) });
  try {
    const url = await server.listen();
    await restScriptLoad(url, 1, CONCURRENCY); // warm-up
    const result = await restScriptLoad(url, SECONDS, CONCURRENCY);
    if (result.errors > 0) throw new Error(`${result.errors} failed turns`);
    return result.perSecond;
  } finally {
    await server.close();
    await runtime.close();
  }
}

const results: Record<string, number[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, yaml] of Object.entries(variants)) results[name]!.push(await measure(yaml));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  await receiver.close();
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const base = median(results.off!);
console.log(`REST turns/s, ${CONCURRENCY} users × ${SECONDS} s, median of ${ROUNDS} interleaved rounds (spans received: ${receiver.spans.length})`);
for (const [name, runs] of Object.entries(results)) {
  const m = median(runs);
  console.log(`${name.padEnd(16)} ${Math.round(m).toString().padStart(6)} turns/s  (${runs.map((r) => Math.round(r)).join(', ')})  overhead ${(((base - m) / base) * 100).toFixed(1)}%`);
}
