/**
 * Serving benchmarks (DESIGN.md targets):
 * - REST turns/s and p99 of the starter assistant with the offline generator (in-process
 *   `createServer` + `composeRuntime`, memory stores, log level warn) beside a bare fastify
 *   hello-world POST route, measured in the same run with the same keep-alive load loop; target ≥ 40%.
 * - bytes per idle conversation after the 10-turn scripted conversation, in each store; target ≤ 10 KB.
 * - cold start of `node bin/colloquy.js run --project examples/starter` to `/status` 200; target < 0.5 s
 *   (bench/cold-start.ts compares builds and prints CPU time too).
 * Needs Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database `test`).
 * Run: npx tsx bench/serve.ts [seconds per load run=5] [concurrency=32]
 */
import { spawn } from 'node:child_process';
import Fastify from 'fastify';
import { pino } from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import type { ConversationState } from '../src/core/state.ts';
import { createServer } from '../src/server/create-server.ts';
import { freePort } from '../src/server/free-port.ts';
import { SCRIPT } from '../test/serving/scripted-conversation.ts';
import { restScriptLoad, type LoadResult } from './load-loop.ts';
import { bytesPerConversation, printBytes } from './store-bytes.ts';

const SECONDS = Number(process.argv[2] ?? 5);
const CONCURRENCY = Number(process.argv[3] ?? 32);
const STARTER = 'examples/starter';
const IDLE_CONVERSATIONS = 100;

async function baselineServer(): Promise<{ url: string; close: () => Promise<void> }> {
  const app = Fastify();
  app.post('/webhooks/rest/webhook', async (req) => [{ recipient_id: (req.body as { sender: string }).sender, text: 'hello world' }]);
  const url = await app.listen({ port: 0, host: '127.0.0.1' });
  return { url, close: () => app.close() };
}

async function colloquyServer(): Promise<{ url: string; close: () => Promise<void>; runtime: Awaited<ReturnType<typeof composeRuntime>> }> {
  const logger = pino({ level: 'warn' });
  const runtime = await composeRuntime({ project: STARTER }, { logger, stores: 'memory' });
  const server = await createServer({ runtime: runtime.processor, model: runtime.current(), host: '127.0.0.1', port: 0, logger });
  const url = await server.listen();
  return { url, runtime, close: async () => (await server.close(), await runtime.close()) };
}

function printLoad(name: string, r: LoadResult): void {
  console.log(`${name.padEnd(28)} ${Math.round(r.perSecond).toString().padStart(7)} turns/s   p50 ${r.p50.toFixed(1).padStart(6)} ms   p99 ${r.p99.toFixed(1).padStart(6)} ms   CPU ${r.cpuUs.toFixed(0).padStart(4)} µs/turn   (${r.requests} turns, ${r.errors} errors)`);
}

async function restThroughput(): Promise<ConversationState> {
  console.log(`REST turns, ${CONCURRENCY} keep-alive users × ${SECONDS} s each, scripted 10-turn conversations\n`);
  const baseline = await baselineServer();
  const colloquy = await colloquyServer();
  try {
    await restScriptLoad(baseline.url, SECONDS, CONCURRENCY); // warm-up of both, then measured runs
    await restScriptLoad(colloquy.url, SECONDS, CONCURRENCY);
    const bare = await restScriptLoad(baseline.url, SECONDS, CONCURRENCY);
    const ours = await restScriptLoad(colloquy.url, SECONDS, CONCURRENCY);
    printLoad('bare fastify hello-world', bare);
    printLoad('colloquy REST (offline)', ours);
    const ratio = ours.perSecond / bare.perSecond;
    // Server and load client share this process: by CPU per turn is the ratio with a core to itself.
    console.log(`ratio ${(ratio * 100).toFixed(1)}%, by CPU per turn ${((100 * bare.cpuUs) / ours.cpuUs).toFixed(1)}% (target ≥ 40%: ${ratio >= 0.4 ? 'ok' : 'BELOW TARGET'})\n`);
    // One idle conversation as the script leaves it, for the store sizes below.
    const sender = 'idle-sample';
    for (const { message } of SCRIPT) await colloquy.runtime.processor.handleMessage({ senderId: sender, text: message, channel: 'rest' });
    return (await colloquy.runtime.processor.getState(sender)) as ConversationState;
  } finally {
    await colloquy.close();
    await baseline.close();
  }
}

async function storeSizes(state: ConversationState): Promise<void> {
  console.log(`Bytes per idle conversation after the 10-turn script (${state.events.length} events, all kept), ${IDLE_CONVERSATIONS} conversations per store`);
  printBytes(await bytesPerConversation(Array.from({ length: IDLE_CONVERSATIONS }, (_, i) => ({ ...state, sender_id: `idle-${i}` }))));
  console.log('');
}

/** ms from spawning `colloquy run` to the first `/status` 200. */
async function coldStart(): Promise<number> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, ['bin/colloquy.js', 'run', '--project', STARTER, '-p', String(port), '-i', '127.0.0.1', '--log-level', 'warn'], { stdio: 'ignore' });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.status === 200, () => false);
      if (ok) return performance.now() - started;
      if (child.exitCode !== null || performance.now() - started > 30_000) throw new Error('colloquy run did not start');
      await new Promise((resolve) => setTimeout(resolve, 10));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((resolve) => child.once('exit', resolve));
  }
}

const idle = await restThroughput();
await storeSizes(idle);
const starts: number[] = [];
for (let i = 0; i < 3; i++) starts.push(await coldStart());
starts.sort((a, b) => a - b);
console.log(`cold start to /status 200: ${starts.map((ms) => `${Math.round(ms)} ms`).join(', ')}; median ${Math.round(starts[1] as number)} ms (target < 500 ms: ${(starts[1] as number) < 500 ? 'ok' : 'OVER TARGET'})`);
