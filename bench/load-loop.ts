/**
 * The closed load loop of the serving benchmarks: `concurrency` workers send requests back to back
 * for `durationMs`, and the loop reports throughput, latency percentiles and errors.
 */
import { Agent, request } from 'node:http';
import { SCRIPT } from '../test/serving/scripted-conversation.ts';

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  /** Latencies (ms). */
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
  /** CPU time of this process (server and load client alike) per request, µs: steadier than req/s on a shared machine. */
  readonly cpuUs: number;
}

export interface LoadOptions {
  readonly durationMs: number;
  readonly concurrency: number;
  /** Sends one request: the `i`-th of `worker` (both from 0); resolves false for a failed one. */
  readonly request: (worker: number, i: number) => Promise<boolean>;
}

export async function runLoad(options: LoadOptions): Promise<LoadResult> {
  const latencies: number[] = [];
  let errors = 0;
  const cpu = process.cpuUsage();
  const started = performance.now();
  const end = started + options.durationMs;
  await Promise.all(
    Array.from({ length: options.concurrency }, async (_, worker) => {
      for (let i = 0; performance.now() < end; i++) {
        const sent = performance.now();
        const ok = await options.request(worker, i);
        latencies.push(performance.now() - sent);
        if (!ok) errors++;
      }
    }),
  );
  const elapsedMs = performance.now() - started;
  const used = process.cpuUsage(cpu);
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { requests: latencies.length, perSecond: (latencies.length / elapsedMs) * 1000, p50: at(0.5), p99: at(0.99), errors, cpuUs: (used.user + used.system) / Math.max(1, latencies.length) };
}

/**
 * `concurrency` virtual users on keep-alive connections, each replaying the scripted conversation
 * (a new sender per pass) for `seconds`.
 */
export async function restScriptLoad(url: string, seconds: number, concurrency: number): Promise<LoadResult> {
  const { hostname, port } = new URL(url);
  const agent = new Agent({ keepAlive: true, maxSockets: concurrency });
  const post = (body: string) =>
    new Promise<number>((resolve, reject) => {
      const req = request({ host: hostname, port, path: '/webhooks/rest/webhook', method: 'POST', agent, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (res) => {
        res.resume();
        res.on('end', () => resolve(res.statusCode ?? 0));
      });
      req.on('error', reject);
      req.end(body);
    });
  try {
    return await runLoad({
      durationMs: seconds * 1000,
      concurrency: concurrency,
      async request(user, i) {
        const pass = Math.floor(i / SCRIPT.length);
        const { message } = SCRIPT[i % SCRIPT.length]!;
        return (await post(JSON.stringify({ sender: `load-${user}-${pass}`, message }))) === 200;
      },
    });
  } finally {
    agent.destroy();
  }
}
