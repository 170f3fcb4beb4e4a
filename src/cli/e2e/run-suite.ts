/**
 * Runs many e2e cases concurrently against one runtime (each case is its own conversation).
 * @module
 */
import type { ActionResult } from '../../ports/action-runner.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import type { LlmJudge } from './judge.ts';
import { runCase, type CaseResult } from './run-case.ts';
import type { StubbingActionRunner } from './stub-actions.ts';
import type { TestCase } from './test-file.ts';

export interface SuiteOptions {
  /** Cases in flight at once; LLM-backed suites gain the most. */
  readonly workers: number;
  readonly onProgress?: (done: number, total: number, last: CaseResult) => void;
  /** Distinguishes conversation ids of separate runs sharing a store. */
  readonly runId: string;
  /** Judges generative response assertions; without it they are skipped. */
  readonly judge?: LlmJudge;
}

export async function runSuite(runtime: ConversationRuntime, stubs: StubbingActionRunner, cases: readonly TestCase[], options: SuiteOptions): Promise<CaseResult[]> {
  const results: CaseResult[] = new Array(cases.length);
  let next = 0;
  let done = 0;
  const worker = async (): Promise<void> => {
    while (next < cases.length) {
      const index = next++;
      const testCase = cases[index]!;
      const senderId = `e2e-${options.runId}-${index}`;
      stubs.stubFor(senderId, testCase.stubs as Readonly<Record<string, ActionResult>>);
      const result = await runCase(runtime, testCase, senderId, options.judge);
      results[index] = result;
      options.onProgress?.(++done, cases.length, result);
    }
  };
  await Promise.all(Array.from({ length: Math.max(1, Math.min(options.workers, cases.length)) }, worker));
  return results;
}

/** A one-line progress bar for terminals; plain periodic lines otherwise (CI logs). */
export function progressReporter(write: (text: string) => void, interactive: boolean, total: number): (done: number) => void {
  let lastLine = -1;
  return (done) => {
    if (interactive) {
      const width = 30;
      const filled = Math.round((done / total) * width);
      write(`\r[${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total}${done === total ? '\n' : ''}`);
      return;
    }
    const tenth = Math.floor((done / total) * 10);
    if (tenth !== lastLine || done === total) {
      lastLine = tenth;
      write(`e2e: ${done}/${total} cases\n`);
    }
  };
}
