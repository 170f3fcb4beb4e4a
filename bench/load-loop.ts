/**
 * The closed load loop of the serving benchmarks: `concurrency` workers send requests back to back
 * for `durationMs`, and the loop reports throughput, latency percentiles and errors.
 */

export interface LoadResult {
  readonly requests: number;
  readonly perSecond: number;
  /** Latencies (ms). */
  readonly p50: number;
  readonly p99: number;
  readonly errors: number;
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
  latencies.sort((a, b) => a - b);
  const at = (q: number) => latencies[Math.min(latencies.length - 1, Math.floor(latencies.length * q))] ?? 0;
  return { requests: latencies.length, perSecond: (latencies.length / elapsedMs) * 1000, p50: at(0.5), p99: at(0.99), errors };
}
