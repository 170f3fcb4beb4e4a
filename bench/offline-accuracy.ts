/**
 * Command-level accuracy of the offline command generator on `bench/data/offline-eval.yml`
 * (exact match of the command set), overall and per category, on the dev split and the held-out
 * test split, on examples/starter (or, with `--fixture`, the hand-built copy of it used by the tests).
 * Run: npx tsx bench/offline-accuracy.ts [--fixture] [--failures] [--failures-test]
 */
import type { Assistant } from '../src/core/assistant.ts';
import { loadProject } from '../src/project/index.ts';
import { createOfflineCommandGenerator } from '../src/understanding/offline/index.ts';
import { bankAssistant } from '../src/understanding/offline/testing/bank-assistant.ts';
import { accuracy, loadEvalCases, runEval, type EvalResult } from './data/offline-eval.ts';

const REFERENCE_DATE = new Date('2025-06-02T12:00:00Z');

async function loadAssistant(): Promise<{ assistant: Assistant; source: string }> {
  if (!process.argv.includes('--fixture')) {
    const { assistant, diagnostics } = await loadProject(new URL('../examples/starter/', import.meta.url).pathname);
    if (assistant) return { assistant, source: 'examples/starter' };
    console.warn(`examples/starter does not load (${diagnostics[0]?.message}); using the bank fixture`);
  }
  return { assistant: bankAssistant(), source: 'bank fixture (src/understanding/offline/testing/bank-assistant.ts)' };
}

function percent(results: readonly EvalResult[]): string {
  return `${(accuracy(results) * 100).toFixed(1)}% (${results.filter((r) => r.ok).length}/${results.length})`;
}

const { assistant, source } = await loadAssistant();
const started = performance.now();
const generator = createOfflineCommandGenerator(assistant, undefined, { now: () => REFERENCE_DATE });
const trainMs = performance.now() - started;
const cases = loadEvalCases();
const predictStarted = performance.now();
const results = await runEval(generator, assistant, cases);
const perCaseMs = (performance.now() - predictStarted) / cases.length;

// per-message latency after a warm-up pass (the run above), 20 rounds over every case: wall time, and
// CPU time, which leaves out the time the process waits for a core on a loaded machine
const wall: number[] = [];
const cpu: number[] = [];
for (let round = 0; round < 20; round++) {
  for (const evalCase of cases) {
    const started = performance.now();
    const cpuStarted = process.cpuUsage();
    await generator.predict({ assistant, state: evalCase.state, text: evalCase.text });
    const used = process.cpuUsage(cpuStarted);
    cpu.push((used.user + used.system) / 1000);
    wall.push(performance.now() - started);
  }
}
const quantile = (values: number[], q: number): string => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.floor(q * values.length))]!.toFixed(3);

const dev = results.filter((r) => r.case.split === 'dev');
const test = results.filter((r) => r.case.split === 'test');
console.log(`assistant: ${source}`);
console.log(`training: ${trainMs.toFixed(1)} ms; prediction: ${perCaseMs.toFixed(2)} ms/message (first pass)`);
console.log(`per message over ${wall.length} predictions: wall p50 ${quantile(wall, 0.5)} ms, p99 ${quantile(wall, 0.99)} ms; CPU p50 ${quantile(cpu, 0.5)} ms, p99 ${quantile(cpu, 0.99)} ms`);
console.log(`command-level accuracy  all ${percent(results)}  dev ${percent(dev)}  held-out test ${percent(test)}`);
console.log('\ncategory            dev                 test');
for (const category of [...new Set(cases.map((c) => c.category))]) {
  const inCategory = (rs: readonly EvalResult[]) => rs.filter((r) => r.case.category === category);
  console.log(`${category.padEnd(20)}${percent(inCategory(dev)).padEnd(20)}${percent(inCategory(test))}`);
}
const shown = [...(process.argv.includes('--failures') ? dev : []), ...(process.argv.includes('--failures-test') ? test : [])];
for (const failure of shown.filter((r) => !r.ok)) {
  console.log(`\n✗ [${failure.case.split}/${failure.case.category}] (${failure.case.stateName}) ${JSON.stringify(failure.case.text)}`);
  console.log(`  expected: ${failure.case.expected.join(' | ')}`);
  console.log(`  actual:   ${failure.actual.join(' | ')}`);
}
