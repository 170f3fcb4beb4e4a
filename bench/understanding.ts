/**
 * The offline command generator on Rasa CALM projects we did not write: each project's own e2e
 * suite runs with the offline generator in place of its configured pipeline (no LLM, no API key).
 * Reports, per project, the e2e cases passed and the turn-level accuracy: a user turn counts as
 * understood when every slot and bot assertion that follows it (up to the next user turn) holds.
 *
 * The projects are read from the folder given on the command line, never copied here: either the
 * folder is a project (it has a domain) or each of its sub-folders is one.
 * Custom actions the project can only run on its (Python) action server answer with no events, so
 * cases whose branches depend on an action's result can fail for that reason alone; the turn-level
 * accuracy is the measure of understanding. With `--actions <folder>`, `<folder>/<project>/actions.yml`
 * stands in for them (`actions: {name: [{when?: {slot: value}, events, responses}]}`, first match
 * wins; the format bench/templates.ts reads).
 *
 * Run: npx tsx bench/understanding.ts /tmp/h13-projects [--actions <folder>] [--failures]
 */
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { parse, stringify } from 'yaml';
import pino from 'pino';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { runSuite } from '../src/cli/e2e/run-suite.ts';
import type { CaseResult } from '../src/cli/e2e/run-case.ts';
import { StubbingActionRunner } from '../src/cli/e2e/stub-actions.ts';
import { loadTestCases } from '../src/cli/e2e/test-file.ts';
import type { ActionRunner } from '../src/ports/action-runner.ts';

const args = process.argv.slice(2);
const root = args[0];
if (!root || !existsSync(root)) {
  console.error('usage: npx tsx bench/understanding.ts <folder of Rasa CALM projects> [--actions <folder>] [--failures]');
  process.exit(2);
}
const showFailures = args.includes('--failures');
const actionsDir = args.includes('--actions') ? args[args.indexOf('--actions') + 1] : undefined;

interface StandInRule {
  readonly when?: Readonly<Record<string, unknown>>;
  readonly events?: readonly Readonly<Record<string, unknown>>[];
  readonly responses?: readonly Readonly<Record<string, unknown>>[];
}

function standInRules(project: string): Readonly<Record<string, readonly StandInRule[]>> {
  const file = actionsDir && path.join(actionsDir, path.basename(project), 'actions.yml');
  if (!file || !existsSync(file)) return {};
  return ((parse(readFileSync(file, 'utf8')) as { actions?: Record<string, StandInRule[]> }).actions ?? {});
}

const isProject = (dir: string): boolean => existsSync(path.join(dir, 'domain')) || existsSync(path.join(dir, 'domain.yml'));
const projects = isProject(root)
  ? [root]
  : readdirSync(root, { withFileTypes: true }).filter((d) => d.isDirectory() && isProject(path.join(root, d.name))).map((d) => path.join(root, d.name));

/** The project's config with its command generators replaced by the offline one. */
function offlineConfig(project: string): string {
  const file = path.join(project, 'config.yml');
  const config = (existsSync(file) ? parse(readFileSync(file, 'utf8')) : {}) as Record<string, unknown>;
  const out = path.join(mkdtempSync(path.join(tmpdir(), 'bench-understanding-')), 'config.yml');
  writeFileSync(out, stringify({ ...config, pipeline: [{ name: 'OfflineCommandGenerator' }] }));
  return out;
}

/** Stand-in rules answer first; actions the project cannot run here answer with no events instead of failing the turn. */
function tolerant(runner: ActionRunner, rules: Readonly<Record<string, readonly StandInRule[]>>): ActionRunner {
  const none = { events: [], responses: [] };
  return {
    has: () => true,
    run: async (call) => {
      const rule = rules[call.name]?.find((r) => Object.entries(r.when ?? {}).every(([slot, value]) => call.state.slots[slot] === value));
      if (rule) return { events: rule.events ?? [], responses: rule.responses ?? [] };
      if (!runner.has(call.name)) return none;
      return runner.run(call).catch(() => none);
    },
  };
}

/** Per user turn: understood when no assertion between it and the next user turn failed. */
function turnScores(result: CaseResult): { turns: number; understood: number } {
  const userSteps = result.testCase.steps.flatMap((s, i) => ('user' in s ? [i + 1] : []));
  const failedTurns = new Set(result.failures.map((f) => userSteps.filter((u) => u <= f.step).at(-1)));
  return { turns: userSteps.length, understood: userSteps.filter((u) => !failedTurns.has(u)).length };
}

const pct = (a: number, b: number): string => `${b === 0 ? '–' : ((a / b) * 100).toFixed(1)}% (${a}/${b})`;
const logger = pino({ level: 'silent' });
let allCases = 0;
let allPassed = 0;
let allTurns = 0;
let allUnderstood = 0;
console.log('project'.padEnd(24) + 'e2e cases passed'.padEnd(22) + 'turns understood');
for (const project of projects) {
  const testDir = ['e2e_tests', 'tests'].map((d) => path.join(project, d)).find((d) => existsSync(d));
  if (!testDir) continue;
  const cases = await loadTestCases(testDir);
  let stubs: StubbingActionRunner | undefined;
  const runtime = await composeRuntime(
    { project, config: offlineConfig(project) },
    { logger, stores: 'memory', wrapActions: (runner) => (stubs = new StubbingActionRunner(tolerant(runner, standInRules(project)))) },
  );
  const results = await runSuite(runtime.processor, stubs!, cases, { workers: 4, runId: 'bench' });
  await runtime.close();
  const passed = results.filter((r) => r.failures.length === 0).length;
  const scores = results.map(turnScores);
  const turns = scores.reduce((n, s) => n + s.turns, 0);
  const understood = scores.reduce((n, s) => n + s.understood, 0);
  allCases += results.length;
  allPassed += passed;
  allTurns += turns;
  allUnderstood += understood;
  console.log(path.basename(project).padEnd(24) + pct(passed, results.length).padEnd(22) + pct(understood, turns));
  if (showFailures) {
    for (const r of results.filter((x) => x.failures.length > 0)) {
      console.log(`  ✗ ${r.testCase.name}`);
      for (const f of r.failures) console.log(`    step ${f.step}: expected ${f.expected}; ${f.actual}`);
    }
  }
}
console.log('all'.padEnd(24) + pct(allPassed, allCases).padEnd(22) + pct(allUnderstood, allTurns));
