/**
 * Cold start of `colloquy run --project examples/starter` to the first `/status` 200, beside a bare
 * Node process that imports fastify and serves `/status` (the floor any Node server pays), in
 * interleaved rounds. Prints wall time and the CPU time the child had used when it answered (all of
 * its threads, from /proc; on a loaded machine CPU time is the steadier figure). Give several
 * colloquy checkouts to compare builds (each uses its own bin/ and examples/starter).
 * Run: npx tsx bench/cold-start.ts [rounds=7] [checkout…=.]
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { freePort } from '../src/server/free-port.ts';

const ROUNDS = Number(process.argv[2] ?? 7);
const CHECKOUTS = process.argv.length > 3 ? process.argv.slice(3).map((c) => resolve(c)) : [resolve('.')];
const TICK_MS = 10; // USER_HZ is 100 on Linux

const BARE = `import Fastify from 'fastify';
const app = Fastify();
app.get('/status', async () => ({ ok: true }));
await app.listen({ port: Number(process.argv[1]), host: '127.0.0.1' });`;

interface Start {
  readonly wallMs: number;
  readonly cpuMs: number;
}

function cpuMs(child: ChildProcess): number {
  const fields = readFileSync(`/proc/${child.pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return (Number(fields[11]) + Number(fields[12])) * TICK_MS;
}

async function start(args: (port: number) => string[]): Promise<Start> {
  const port = await freePort();
  const started = performance.now();
  const child = spawn(process.execPath, args(port), { stdio: 'ignore' });
  try {
    for (;;) {
      const ok = await fetch(`http://127.0.0.1:${port}/status`).then((r) => r.status === 200, () => false);
      if (ok) return { wallMs: performance.now() - started, cpuMs: cpuMs(child) };
      if (child.exitCode !== null || performance.now() - started > 60_000) throw new Error(`${args(port).join(' ')} did not start`);
      await new Promise((r) => setTimeout(r, 5));
    }
  } finally {
    child.kill('SIGTERM');
    await new Promise((r) => child.once('exit', r));
  }
}

const variants: { name: string; args: (port: number) => string[] }[] = [
  { name: 'bare fastify', args: (port) => ['--input-type=module', '-e', BARE, String(port)] },
  ...CHECKOUTS.map((root) => ({
    name: `colloquy ${root}`,
    args: (port: number) => [`${root}/bin/colloquy.js`, 'run', '--project', `${root}/examples/starter`, '-p', String(port), '-i', '127.0.0.1', '--log-level', 'warn'],
  })),
];
const results = new Map<string, Start[]>(variants.map((v) => [v.name, []]));
for (let round = 0; round < ROUNDS; round++) for (const v of variants) results.get(v.name)?.push(await start(v.args));

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)] as number;
const bare = results.get('bare fastify') as Start[];
for (const v of variants) {
  const runs = results.get(v.name) as Start[];
  const wall = median(runs.map((r) => r.wallMs));
  const cpu = median(runs.map((r) => r.cpuMs));
  console.log(
    `${v.name}\n  wall ms ${runs.map((r) => Math.round(r.wallMs)).join(' ')}  median ${Math.round(wall)} (${(wall / median(bare.map((r) => r.wallMs))).toFixed(2)}× bare)\n  CPU ms  ${runs.map((r) => r.cpuMs).join(' ')}  median ${cpu} (${(cpu / median(bare.map((r) => r.cpuMs))).toFixed(2)}× bare)`,
  );
}
