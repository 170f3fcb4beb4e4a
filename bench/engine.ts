/**
 * Engine throughput and latency: scripted conversations through a 10-step flow (10 collects, each
 * answered by one `set slot`, then "no thanks" to pattern_completed), in memory, on one core.
 * Prints turns/s and p50/p99 per turn, and a baseline measured in the same run —
 * `JSON.parse(JSON.stringify(state))` of a mid-conversation state, the cost of one store round trip —
 * with the ratio, since these machines are noisy. Targets: ≥ 20,000 turns/s, p99 < 1 ms.
 * Run: npx tsx bench/engine.ts [conversations]
 */
import type { Command } from '../src/core/commands.ts';
import { fixedClock, sequentialIds } from '../src/core/clock.ts';
import { beginTurn, newConversation } from '../src/core/engine/index.ts';
import type { ConversationState } from '../src/core/state.ts';
import type { EngineContext } from '../src/core/turn.ts';
import { formatDiagnostic, loadProjectFromFiles } from '../src/project/index.ts';

const STEPS = 10;
const conversations = Number(process.argv[2] ?? 4000);
const slotNames = Array.from({ length: STEPS }, (_, i) => `field_${i}`);

const domain = `slots:\n${slotNames.map((s) => `  ${s}: { type: text }\n`).join('')}responses:\n${slotNames.map((s) => `  utter_ask_${s}: [ { text: "What is ${s}?" } ]\n`).join('')}  utter_done: [ { text: "Thanks, {field_0}." } ]\n`;
const flows = `flows:\n  fill_form:\n    description: fill a form\n    steps:\n${slotNames.map((s) => `      - collect: ${s}\n`).join('')}      - action: utter_done\n`;
const config = 'recipe: default.v1\nlanguage: en\nassistant_id: bench\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n';
const loaded = loadProjectFromFiles({ 'config.yml': config, 'domain.yml': domain, 'data/flows.yml': flows }, '/virtual', { env: {} });
if (!loaded.assistant) throw new Error(loaded.diagnostics.map((d) => formatDiagnostic(d)).join('\n'));
const assistant = loaded.assistant;

const script: (readonly Command[])[] = [
  [{ command: 'start flow', flow: 'fill_form' }],
  ...slotNames.map((name, i): Command[] => [{ command: 'set slot', name, value: `value ${i}` }]),
  [{ command: 'set slot', name: 'continue_conversation', value: false }],
];

function context(): EngineContext {
  return { clock: fixedClock(1_700_000_000_000, 10), ids: sequentialIds('f'), random: () => 0 };
}

/** CPU time of this process in ms: unlike wall time, not inflated when a busy machine preempts us. */
function cpuMs(): number {
  const { user, system } = process.cpuUsage();
  return (user + system) / 1000;
}

/** Runs one conversation; with `wall`/`cpu`, records each turn's durations (ms) from `offset`. */
function converse(timing?: { wall: Float64Array; cpu: Float64Array; offset: number }): ConversationState {
  const ctx = context();
  let state = newConversation(assistant, 'bench', ctx);
  for (let i = 0; i < script.length; i++) {
    if (!timing) {
      state = beginTurn(assistant, state, { text: 'x', commands: script[i]! }, ctx).state;
      continue;
    }
    const c0 = cpuMs();
    const t0 = performance.now();
    state = beginTurn(assistant, state, { text: 'x', commands: script[i]! }, ctx).state;
    timing.wall[timing.offset + i] = performance.now() - t0;
    timing.cpu[timing.offset + i] = cpuMs() - c0;
  }
  return state;
}

function percentile(sorted: Float64Array, p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.ceil(sorted.length * p) - 1)]!;
}

interface EngineResult {
  readonly turnsPerSecond: number;
  readonly turnsPerCpuSecond: number;
  readonly p50: number;
  readonly p99: number;
  readonly cpuP50: number;
  readonly cpuP99: number;
  readonly midState: ConversationState;
}

/** A throughput pass (no per-turn clocks), then a latency pass timing every turn. */
function measureEngine(): EngineResult {
  for (let i = 0; i < 300; i++) converse();
  const turns = conversations * script.length;
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let c = 0; c < conversations; c++) converse();
  const cpuElapsed = cpuMs() - c0;
  const elapsed = performance.now() - t0;
  const wall = new Float64Array(turns);
  const cpu = new Float64Array(turns);
  for (let c = 0; c < conversations; c++) converse({ wall, cpu, offset: c * script.length });
  wall.sort();
  cpu.sort();
  // A state halfway through the form, for the baseline.
  const ctx = context();
  let midState = newConversation(assistant, 'bench', ctx);
  for (const commands of script.slice(0, 1 + STEPS / 2)) midState = beginTurn(assistant, midState, { text: 'x', commands }, ctx).state;
  return {
    turnsPerSecond: turns / (elapsed / 1000),
    turnsPerCpuSecond: turns / (cpuElapsed / 1000),
    p50: percentile(wall, 0.5),
    p99: percentile(wall, 0.99),
    cpuP50: percentile(cpu, 0.5),
    cpuP99: percentile(cpu, 0.99),
    midState,
  };
}

/** One store round trip of the mid-conversation state per turn; ops per wall second and per CPU second. */
function measureBaseline(state: ConversationState, turns: number): { perSecond: number; perCpuSecond: number } {
  let sink = 0;
  for (let i = 0; i < 1000; i++) sink += (JSON.parse(JSON.stringify(state)) as ConversationState).events.length;
  const t0 = performance.now();
  const c0 = cpuMs();
  for (let i = 0; i < turns; i++) sink += (JSON.parse(JSON.stringify(state)) as ConversationState).events.length;
  const cpuElapsed = cpuMs() - c0;
  const elapsed = performance.now() - t0;
  if (sink < 0) console.log(sink);
  return { perSecond: turns / (elapsed / 1000), perCpuSecond: turns / (cpuElapsed / 1000) };
}

const engine = measureEngine();
const baseline = measureBaseline(engine.midState, conversations * script.length);
const n = (x: number) => Math.round(x).toLocaleString('en');
const meets = engine.turnsPerCpuSecond >= 20_000 && engine.cpuP99 < 1;
console.log(`engine: ${conversations} conversations × ${script.length} turns (${STEPS}-step flow), one core`);
console.log(`  wall: ${n(engine.turnsPerSecond)} turns/s, p50 ${engine.p50.toFixed(3)} ms, p99 ${engine.p99.toFixed(3)} ms per turn`);
console.log(`  cpu:  ${n(engine.turnsPerCpuSecond)} turns/s, p50 ${engine.cpuP50.toFixed(3)} ms, p99 ${engine.cpuP99.toFixed(3)} ms per turn`);
console.log(`baseline, JSON round trip of the ${JSON.stringify(engine.midState).length}-byte mid-conversation state: ${n(baseline.perSecond)} ops/s wall, ${n(baseline.perCpuSecond)} ops/s cpu`);
console.log(`ratio engine/baseline: ${(engine.turnsPerSecond / baseline.perSecond).toFixed(2)} wall, ${(engine.turnsPerCpuSecond / baseline.perCpuSecond).toFixed(2)} cpu`);
console.log(`targets (≥ 20,000 turns/s, p99 < 1 ms, CPU time): ${meets ? 'met' : 'MISSED'}`);
