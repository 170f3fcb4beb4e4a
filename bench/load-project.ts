/**
 * Loads and validates the starter project N times; prints mean and p99 (target: < 200 ms).
 * Run: npx tsx bench/load-project.ts [iterations]
 */
import { fileURLToPath } from 'node:url';
import { loadProject } from '../src/project/index.ts';

const starter = fileURLToPath(new URL('../examples/starter/', import.meta.url));
const iterations = Number(process.argv[2] ?? 50);

const first = performance.now();
const { assistant } = await loadProject(starter, { env: {} });
const coldMs = performance.now() - first;
if (!assistant) throw new Error('the starter project does not validate');

const times: number[] = [];
for (let i = 0; i < iterations; i++) {
  const start = performance.now();
  await loadProject(starter, { env: {} });
  times.push(performance.now() - start);
}
times.sort((a, b) => a - b);
const mean = times.reduce((s, t) => s + t, 0) / times.length;
const p99 = times[Math.min(times.length - 1, Math.ceil(times.length * 0.99) - 1)]!;
console.log(`load+validate starter project: cold ${coldMs.toFixed(1)} ms, mean ${mean.toFixed(1)} ms, p99 ${p99.toFixed(1)} ms over ${iterations} runs (target < 200 ms)`);
