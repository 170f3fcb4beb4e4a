/**
 * CPU cost of the tracing adapter alone, per synthetic turn (a turn, its understanding and three
 * in-process actions, around 65 awaited promises, as a starter turn makes many), with an exporter
 * that discards. One variant per process: AsyncLocalStorage's promise hook, once on, stays on.
 * `none` traces with a sampler that records nothing (`OTEL_TRACES_SAMPLER=always_off`).
 * Run: npx tsx bench/tracing-adapter.ts [off|all|calls|none] [turns=100000]
 * (`ROOT=<checkout>` measures another checkout's adapter, for before/after.)
 */
import { AlwaysOffSampler, type SpanExporter } from '@opentelemetry/sdk-trace';
import type { OtelTracing as Tracing } from '../src/adapters/tracing/otel-tracing.ts';
import type { PhaseInfo } from '../src/ports/runtime-observer.ts';

const root = process.env.ROOT ?? new URL('..', import.meta.url).pathname;
const variant = process.argv[2] ?? 'all';
const TURNS = Number(process.argv[3] ?? 100_000);
const { OtelTracing } = (await import(`${root}/src/adapters/tracing/otel-tracing.ts`)) as { OtelTracing: typeof Tracing };
const discard: SpanExporter = { export: (_spans, done) => done({ code: 0 }), shutdown: async () => undefined, forceFlush: async () => undefined };
const tracing =
  variant === 'off'
    ? undefined
    : new OtelTracing(discard, { serviceName: 'bench', ...(variant === 'calls' ? { detail: 'calls' as const } : {}), ...(variant === 'none' ? { sampler: new AlwaysOffSampler() } : {}) });
const phase = <T>(info: PhaseInfo, work: () => Promise<T>): Promise<T> => (tracing ? tracing.phase(info, work) : work());
const work = async (promises: number) => {
  for (let i = 0; i < promises; i++) await Promise.resolve(i);
};
const turn = (senderId: string) =>
  phase({ phase: 'turn', senderId, channel: 'rest' }, async () => {
    await work(15);
    await phase({ phase: 'understand', senderId, channel: 'rest' }, () => work(15));
    for (const name of ['action_a', 'action_b', 'action_c']) await phase({ phase: 'action', senderId, name }, () => work(10));
  });

for (let i = 0; i < TURNS / 5; i++) await turn(`warm-${i % 50}`);
const started = process.cpuUsage();
for (let i = 0; i < TURNS; i++) await turn(`user-${i % 50}`);
const used = process.cpuUsage(started);
console.log(`${variant}: ${((used.user + used.system) / TURNS).toFixed(2)} CPU µs per turn`);
await tracing?.close();
