/**
 * Overhead of the operations features on REST turns (target ≤ 10%): the starter assistant
 * in-process (memory stores, offline generator) with nothing, with Prometheus metrics, and with
 * metrics plus OpenTelemetry tracing exporting over OTLP/HTTP to a sink in another process that
 * discards (so the receiving side's work is not charged to colloquy): REST turns/s
 * under load, and the CPU time of sequential in-process turns (`handleMessage`, no HTTP), which a busy
 * machine disturbs far less than wall time. Rounds are interleaved so machine load hits every variant alike; the
 * median of the rounds is reported. The last variants sample 10% of the traces
 * (`OTEL_TRACES_SAMPLER=parentbased_traceidratio`, `OTEL_TRACES_SAMPLER_ARG=0.1`) and none
 * (`always_off`: what context propagation alone costs); the last records every trace with
 * `detail: calls` (the turn span only, here: understanding and actions run in-process).
 * Run: npx tsx bench/operations.ts [seconds per run=4] [rounds=3] [concurrency=32]
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { createServer } from '../src/server/create-server.ts';
import { SCRIPT } from '../test/serving/scripted-conversation.ts';
import { restScriptLoad } from './load-loop.ts';

const SECONDS = Number(process.argv[2] ?? 4);
const ROUNDS = Number(process.argv[3] ?? 3);
const CONCURRENCY = Number(process.argv[4] ?? 32);
const STARTER = 'examples/starter';
const SEQUENTIAL_TURNS = 2_000;
const SINK = `const server = require('node:http').createServer((request, response) => request.resume().on('end', () => response.writeHead(200, { 'content-type': 'application/json' }).end('{}')));
server.listen(0, '127.0.0.1', () => console.log(server.address().port));`;

// The OTLP sink runs in another process, as a collector would: what receiving costs is not colloquy's.
const sink = spawn(process.execPath, ['-e', SINK], { stdio: ['ignore', 'pipe', 'inherit'] });
const sinkUrl = `http://127.0.0.1:${(await once(sink.stdout, 'data')).toString().trim()}`;
const dir = mkdtempSync(join(tmpdir(), 'colloquy-bench-ops-'));
const ACTIONS = 'action_endpoint:\n  actions_module: actions\n';
const TRACING = `tracing:\n  type: otlp\n  endpoint: ${sinkUrl}\n`;
const variants: Record<string, { yaml: string; sampler?: Record<string, string> }> = {
  off: { yaml: ACTIONS },
  metrics: { yaml: `${ACTIONS}metrics:\n  type: prometheus\n` },
  'metrics+tracing': { yaml: `${ACTIONS}metrics:\n  type: prometheus\n${TRACING}` },
  'metrics+trace10%': { yaml: `${ACTIONS}metrics:\n  type: prometheus\n${TRACING}`, sampler: { OTEL_TRACES_SAMPLER: 'parentbased_traceidratio', OTEL_TRACES_SAMPLER_ARG: '0.1' } },
  'metrics+trace0%': { yaml: `${ACTIONS}metrics:\n  type: prometheus\n${TRACING}`, sampler: { OTEL_TRACES_SAMPLER: 'always_off' } },
  'metrics+tr.calls': { yaml: `${ACTIONS}metrics:\n  type: prometheus\n${TRACING}  detail: calls\n` },
};

/** REST turns/s, and microseconds per sequential in-process turn. */
async function measure({ yaml, sampler }: { yaml: string; sampler?: Record<string, string> }): Promise<{ rest: number; turnUs: number }> {
  const endpoints = join(dir, 'endpoints.yml');
  writeFileSync(endpoints, yaml);
  delete process.env.OTEL_TRACES_SAMPLER;
  delete process.env.OTEL_TRACES_SAMPLER_ARG;
  Object.assign(process.env, sampler);
  const logger = pino({ level: 'warn' });
  const runtime = await composeRuntime({ project: STARTER, endpoints }, { logger, stores: 'memory' });
  const { metrics, tracing } = runtime.operations;
  // As `colloquy run` wires them.
  const server = await createServer({
    runtime: runtime.processor,
    model: runtime.current(),
    host: '127.0.0.1',
    port: 0,
    logger,
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { continueTrace: (headers: Readonly<Record<string, unknown>>) => tracing.continueTrace(headers) } : {}),
  });
  try {
    const url = await server.listen();
    await restScriptLoad(url, 1, CONCURRENCY); // warm-up
    const result = await restScriptLoad(url, SECONDS, CONCURRENCY);
    if (result.errors > 0) throw new Error(`${result.errors} failed turns`);
    // CPU time, not wall time: on a shared, loaded machine the scheduler's delays swamp the difference.
    const started = process.cpuUsage();
    for (let i = 0; i < SEQUENTIAL_TURNS; i++) {
      await runtime.processor.handleMessage({ senderId: `seq-${Math.floor(i / SCRIPT.length)}`, text: SCRIPT[i % SCRIPT.length]!.message, channel: 'rest' });
    }
    const used = process.cpuUsage(started);
    return { rest: result.perSecond, turnUs: (used.user + used.system) / SEQUENTIAL_TURNS };
  } finally {
    await server.close();
    await runtime.close();
  }
}

const results: Record<string, { rest: number; turnUs: number }[]> = Object.fromEntries(Object.keys(variants).map((k) => [k, []]));
try {
  for (let round = 0; round < ROUNDS; round++) {
    for (const [name, variant] of Object.entries(variants)) results[name]!.push(await measure(variant));
  }
} finally {
  rmSync(dir, { recursive: true, force: true });
  sink.kill();
}
const median = (xs: readonly number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
const baseRest = median(results.off!.map((r) => r.rest));
const baseTurn = median(results.off!.map((r) => r.turnUs));
console.log(`${CONCURRENCY} REST users × ${SECONDS} s, then ${SEQUENTIAL_TURNS} sequential in-process turns; median of ${ROUNDS} interleaved rounds`);
for (const [name, runs] of Object.entries(results)) {
  const rest = median(runs.map((r) => r.rest));
  const turn = median(runs.map((r) => r.turnUs));
  console.log(
    `${name.padEnd(16)} REST ${Math.round(rest).toString().padStart(6)} turns/s (overhead ${(((baseRest - rest) / baseRest) * 100).toFixed(1)}%)   ` +
      `in-process ${turn.toFixed(0).padStart(5)} CPU µs/turn (overhead ${(((turn - baseTurn) / baseTurn) * 100).toFixed(1)}%)   rounds ${runs.map((r) => `${Math.round(r.rest)}/${r.turnUs.toFixed(0)}`).join(' ')}`,
  );
}
