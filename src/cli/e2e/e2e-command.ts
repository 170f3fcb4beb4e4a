/**
 * What `colloquy test e2e` does once its arguments are parsed; loaded only when the command runs.
 * @module
 */
import { writeFile } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import path from 'node:path';
import { StubbingActionRunner } from './stub-actions.ts';
import { coverage, consoleStyle, formatCoverage, formatFailures, formatSummary, junitXml } from './report.ts';
import { progressReporter, runSuite } from './run-suite.ts';
import { JudgeConfigError, openJudge } from './judge-config.ts';
import type { ModelConfig, ModelGroup } from '../../core/assistant.ts';
import { loadTestCases, TestFileError } from './test-file.ts';
import { EXIT, type CliIo } from '../io.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../open-runtime.ts';

export interface E2eOptions {
  project: string;
  model?: string;
  config?: string;
  endpoints?: string;
  workers: string;
  junit?: string;
  coverageReport: boolean;
  logLevel: string;
}

function defaultTestPath(project: string): string | undefined {
  return ['e2e_tests', 'tests'].map((d) => path.join(project, d)).find((d) => existsSync(d));
}

/** Rasa's `path::test case name`: the path, and the one case to run from it (if named). */
function splitTarget(target: string): { path: string; caseName?: string } {
  const at = target.lastIndexOf('::');
  return at < 0 ? { path: target } : { path: target.slice(0, at), caseName: target.slice(at + 2) };
}

export async function runE2e(targets: readonly string[], opts: E2eOptions, io: CliIo): Promise<number> {
  const style = consoleStyle(io.color);
  const fallback = defaultTestPath(opts.project);
  const wanted = targets.length > 0 ? targets.map(splitTarget) : fallback ? [{ path: fallback }] : [];
  if (wanted.length === 0) {
    io.err(`error: no tests found: neither ${opts.project}/e2e_tests nor ${opts.project}/tests exists\n`);
    return EXIT.usage;
  }
  const absent = wanted.find((t) => !existsSync(t.path));
  if (absent) {
    io.err(`error: no tests found: ${absent.path} does not exist\n`);
    return EXIT.usage;
  }
  const workers = Number(opts.workers);
  if (!Number.isInteger(workers) || workers < 1) {
    io.err(`error: --workers must be a positive whole number, got '${opts.workers}'\n`);
    return EXIT.usage;
  }
  const cases = [];
  try {
    for (const { path: testPath, caseName } of wanted) {
      const found = await loadTestCases(testPath);
      const chosen = caseName === undefined ? found : found.filter((c) => c.name === caseName);
      if (caseName !== undefined && chosen.length === 0) {
        io.err(`error: no test case named '${caseName}' in ${testPath}\n`);
        return EXIT.usage;
      }
      cases.push(...chosen);
    }
  } catch (error) {
    if (error instanceof TestFileError) {
      io.err(`error: ${error.message}\n`);
      return EXIT.failure;
    }
    throw error;
  }
  if (cases.length === 0) {
    io.err(`error: no test cases in ${wanted.map((t) => t.path).join(', ')}\n`);
    return EXIT.usage;
  }
  let stubs: StubbingActionRunner | undefined;
  const runtime = await openRuntime(opts, { logger: createLogger(opts.logLevel), stores: 'memory', wrapActions: (runner) => (stubs = new StubbingActionRunner(runner)) }, io);
  if (!runtime) return EXIT.failure;
  let judge;
  try {
    // conftest.yml is looked up from the first path, as Rasa looks it up from its one path.
    judge = await openJudge(wanted[0]!.path, opts.project, runtime.current().assistant.endpoints.modelGroups);
  } catch (error) {
    await runtime.close();
    if (!(error instanceof JudgeConfigError)) throw error;
    io.err(`error: ${error.message}\n`);
    return EXIT.failure;
  }
  if (judge) io.out(style.dim(`LLM judge: ${modelName(judge.settings.llm)}, embeddings: ${modelName(judge.settings.embeddings)} (${judge.settings.file})\n`));
  const started = performance.now();
  const progress = progressReporter(io.err, io.color, cases.length);
  let results;
  try {
    results = await runSuite(runtime.processor, stubs!, cases, { workers, runId: crypto.randomUUID().slice(0, 8), onProgress: (done) => progress(done), ...(judge ? { judge: judge.judge } : {}) });
  } finally {
    await runtime.close();
  }
  const seconds = (performance.now() - started) / 1000;

  const failures = formatFailures(results, style);
  if (failures) io.out(`${failures}\n\n`);
  for (const r of results) for (const s of r.skipped) io.out(style.dim(`skipped (${r.testCase.name}) ${s}\n`));
  if (opts.coverageReport) io.out(`${formatCoverage(coverage(results, runtime.current().assistant.flows))}\n`);
  if (opts.junit) await writeFile(opts.junit, junitXml(results, seconds));
  io.out(`${formatSummary(results, seconds, style)}\n`);
  return results.some((r) => r.failures.length > 0) ? EXIT.failure : EXIT.ok;
}

function modelName(model: ModelConfig | ModelGroup): string {
  return 'models' in model ? `model group ${model.id}` : model.model;
}
