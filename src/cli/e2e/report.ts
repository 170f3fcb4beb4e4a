/**
 * e2e results for people (console summary with a diff per failing step, coverage) and for CI (JUnit XML).
 * @module
 */
import type { Flow } from '../../core/flows.ts';
import { isPatternId } from '../../core/flows.ts';
import type { CaseResult } from './run-case.ts';

export interface Style {
  red(s: string): string;
  green(s: string): string;
  dim(s: string): string;
  bold(s: string): string;
}

export function consoleStyle(color: boolean): Style {
  const wrap = (code: number) => (s: string) => (color ? `\u001b[${code}m${s}\u001b[0m` : s);
  return { red: wrap(31), green: wrap(32), dim: wrap(2), bold: wrap(1) };
}

export function formatFailures(results: readonly CaseResult[], style: Style): string {
  const lines: string[] = [];
  for (const r of results) {
    if (r.failures.length === 0) continue;
    lines.push(style.bold(style.red(`✗ ${r.testCase.name}`)) + style.dim(`  (${r.testCase.file})`));
    for (const f of r.failures) {
      lines.push(`  step ${f.step}:`);
      lines.push(style.green(`    - expected ${f.expected}`));
      for (const line of f.actual.split('\n')) lines.push(style.red(`    + ${line.trim()}`));
    }
  }
  return lines.join('\n');
}

export function formatSummary(results: readonly CaseResult[], seconds: number, style: Style): string {
  const failed = results.filter((r) => r.failures.length > 0).length;
  const passed = results.length - failed;
  const skipped = results.reduce((n, r) => n + r.skipped.length, 0);
  const parts = [style.green(`${passed} passed`), failed > 0 ? style.red(`${failed} failed`) : `${failed} failed`];
  if (skipped > 0) parts.push(`${skipped} assertions skipped`);
  return `${parts.join(', ')} in ${seconds.toFixed(2)}s`;
}

/** Steps of user flows visited by the suite. */
export function coverage(results: readonly CaseResult[], flows: Readonly<Record<string, Flow>>): { flowId: string; covered: number; total: number; missing: string[] }[] {
  const visited = new Set<string>();
  for (const r of results) for (const s of r.visitedSteps) visited.add(s);
  return Object.values(flows)
    .filter((f) => !isPatternId(f.id))
    .map((f) => {
      const missing = f.steps.filter((s) => !visited.has(`${f.id}/${s.id}`)).map((s) => s.id);
      return { flowId: f.id, covered: f.steps.length - missing.length, total: f.steps.length, missing };
    });
}

export function formatCoverage(rows: ReturnType<typeof coverage>): string {
  const total = rows.reduce((n, r) => n + r.total, 0);
  const covered = rows.reduce((n, r) => n + r.covered, 0);
  const lines = rows.map((r) => `  ${r.flowId.padEnd(32)} ${String(r.covered).padStart(3)}/${String(r.total).padEnd(3)} steps${r.missing.length > 0 ? `  missing: ${r.missing.join(', ')}` : ''}`);
  return [`Flow coverage: ${covered}/${total} steps (${total === 0 ? 100 : Math.round((covered / total) * 100)}%)`, ...lines].join('\n');
}

const xml = (s: string): string => s.replace(/[<>&'"]/g, (c) => ({ '<': '&lt;', '>': '&gt;', '&': '&amp;', "'": '&apos;', '"': '&quot;' })[c]!);

export function junitXml(results: readonly CaseResult[], seconds: number): string {
  const failed = results.filter((r) => r.failures.length > 0).length;
  const cases = results.map((r) => {
    const head = `    <testcase name="${xml(r.testCase.name)}" classname="${xml(r.testCase.file)}" time="${(r.durationMs / 1000).toFixed(3)}"`;
    if (r.failures.length === 0) return `${head}/>`;
    const body = r.failures.map((f) => `step ${f.step}: expected ${f.expected}\n${f.actual}`).join('\n\n');
    return `${head}>\n      <failure message="${xml(r.failures[0]!.expected)}">${xml(body)}</failure>\n    </testcase>`;
  });
  return [
    '<?xml version="1.0" encoding="UTF-8"?>',
    `<testsuites tests="${results.length}" failures="${failed}" time="${seconds.toFixed(3)}">`,
    `  <testsuite name="colloquy e2e" tests="${results.length}" failures="${failed}" time="${seconds.toFixed(3)}">`,
    ...cases,
    '  </testsuite>',
    '</testsuites>',
    '',
  ].join('\n');
}
