/**
 * Soak: many turns through the real runtime (starter assistant, offline generator, in-process
 * actions) on a durable tracker store, to show that throughput, latency and memory stay flat.
 * Turn t goes to conversation t mod `conversations` with the scripted conversation's next message,
 * so every conversation grows by one turn per pass and no two turns of one conversation overlap.
 * Every `window` turns it prints throughput, CPU time per turn, p50/p99 of the window, RSS and heap
 * (after a GC when run with --expose-gc); at the end it compares the last window with the first. On
 * a shared machine throughput and latency follow the machine's load; CPU per turn is the figure
 * that shows whether a turn itself got slower.
 * SQLite: a fresh file in a temporary folder (a save acknowledged once on disk, as served). Redis:
 * 127.0.0.1:6379, keys under a unique prefix, deleted afterwards.
 * Run: node --expose-gc --import tsx bench/soak.ts <sqlite|redis> [turns=1000000] [conversations=10000] [window=turns/10] [concurrency=8]
 */
import { mkdtempSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { SCRIPT } from '../test/serving/scripted-conversation.ts';
import { REDIS, redisKeySpace } from '../test/contracts/services.ts';

const store = process.argv[2];
if (store !== 'sqlite' && store !== 'redis') throw new Error('usage: soak.ts <sqlite|redis> [turns] [conversations] [window] [concurrency]');
const TURNS = Number(process.argv[3] ?? 1_000_000);
const CONVERSATIONS = Number(process.argv[4] ?? 10_000);
const WINDOW = Number(process.argv[5] ?? Math.max(1, Math.floor(TURNS / 10)));
const CONCURRENCY = Number(process.argv[6] ?? 8);
const gc = (globalThis as { gc?: () => void }).gc;

interface Window {
  readonly turns: number;
  readonly perSecond: number;
  readonly cpuUs: number;
  readonly p50: number;
  readonly p99: number;
  readonly rssMb: number;
  readonly heapMb: number;
}

const folder = mkdtempSync(join(tmpdir(), 'colloquy-soak-'));
const redis = store === 'redis' ? await redisKeySpace('soak') : undefined;
const endpoints = join(folder, 'endpoints.yml');
const dbFile = join(folder, 'tracker.db');
writeFileSync(
  endpoints,
  [
    'action_endpoint:\n  actions_module: actions\n',
    store === 'sqlite'
      ? `tracker_store:\n  type: sql\n  dialect: sqlite\n  db: ${dbFile}\n`
      : ['tracker_store', 'lock_store'].map((s) => `${s}:\n  type: redis\n  url: ${REDIS.host}\n  port: ${REDIS.port}\n  key_prefix: ${redis?.keyPrefix}\n`).join(''),
  ].join(''),
);
const runtime = await composeRuntime({ project: 'examples/starter', endpoints }, { logger: pino({ level: 'error' }) });

const windows: Window[] = [];
let next = 0;
let errors = 0;
let latencies: number[] = [];
let windowStart = performance.now();
let windowCpu = process.cpuUsage();
const started = performance.now();

function closeWindow(): void {
  const now = performance.now();
  const cpu = process.cpuUsage(windowCpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  gc?.();
  const memory = process.memoryUsage();
  const w: Window = { turns: latencies.length, perSecond: (latencies.length / (now - windowStart)) * 1000, cpuUs: (cpu.user + cpu.system) / latencies.length, p50: at(0.5), p99: at(0.99), rssMb: memory.rss / 2 ** 20, heapMb: memory.heapUsed / 2 ** 20 };
  windows.push(w);
  const done = windows.reduce((n, x) => n + x.turns, 0);
  const size = store === 'sqlite' ? `  db ${(statSync(dbFile).size / 2 ** 20).toFixed(0)} MB` : '';
  console.log(
    `${String(done).padStart(8)} turns  ${((now - started) / 1000).toFixed(0).padStart(5)} s  ${w.perSecond.toFixed(0).padStart(5)} turns/s  CPU ${w.cpuUs.toFixed(0)} µs/turn  p50 ${w.p50.toFixed(2)} ms  p99 ${w.p99.toFixed(2)} ms  rss ${w.rssMb.toFixed(0)} MB  heap ${w.heapMb.toFixed(1)} MB${size}  errors ${errors}`,
  );
  latencies = [];
  windowStart = performance.now();
  windowCpu = process.cpuUsage();
}

console.log(`soak on ${store}: ${TURNS} turns over ${CONVERSATIONS} conversations, ${CONCURRENCY} at a time, a line every ${WINDOW} turns${gc ? '' : ' (run with --expose-gc for heap after GC)'}`);
try {
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (next < TURNS) {
        const turn = next++;
        const conversation = turn % CONVERSATIONS;
        const { message } = SCRIPT[Math.floor(turn / CONVERSATIONS) % SCRIPT.length] as (typeof SCRIPT)[number];
        const sent = performance.now();
        try {
          await runtime.processor.handleMessage({ senderId: `soak-${conversation}`, text: message, channel: 'rest' });
        } catch {
          errors++;
        }
        latencies.push(performance.now() - sent);
        if (latencies.length === WINDOW) closeWindow();
      }
    }),
  );
  if (latencies.length > 0) closeWindow();
  const first = windows[0] as Window;
  const last = windows[windows.length - 1] as Window;
  console.log(
    `\nlast window vs first: throughput ${(last.perSecond / first.perSecond).toFixed(2)}×, CPU per turn ${(last.cpuUs / first.cpuUs).toFixed(2)}×, p99 ${(last.p99 / first.p99).toFixed(2)}×, heap ${first.heapMb.toFixed(1)} → ${last.heapMb.toFixed(1)} MB, rss ${first.rssMb.toFixed(0)} → ${last.rssMb.toFixed(0)} MB; ${errors} errors; ${((performance.now() - started) / 1000).toFixed(0)} s in all`,
  );
} finally {
  await runtime.close();
  await redis?.dispose();
  rmSync(folder, { recursive: true, force: true });
}
