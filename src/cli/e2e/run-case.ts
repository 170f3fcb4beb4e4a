/**
 * Runs one e2e test case as a conversation and compares what happened with what the case expects.
 * @module
 */
import { applyPatch, type PatchOp } from '../../core/engine/index.ts';
import type { Event } from '../../core/events.ts';
import type { DialogueStack } from '../../core/stack.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import { checkAssertion, sameValue, shortJson, slotWasNotSetViolation } from './assertions.ts';
import { checkGenerativeAssertion, isGenerativeAssertion } from './judge-assertions.ts';
import type { LlmJudge } from './judge.ts';
import type { TestCase, TestStep } from './test-file.ts';

export interface StepFailure {
  /** 1-based step number within the case. */
  readonly step: number;
  readonly expected: string;
  readonly actual: string;
}

export interface CaseResult {
  readonly testCase: TestCase;
  readonly failures: readonly StepFailure[];
  readonly skipped: readonly string[];
  readonly durationMs: number;
  /** `flow_id/step_id` pairs the conversation went through, for the coverage report. */
  readonly visitedSteps: ReadonlySet<string>;
}

const usesAssertions = (c: TestCase): boolean => c.steps.some((s) => 'user' in s && s.assertions !== undefined);

function slotEntries(list: readonly (string | Readonly<Record<string, unknown>>)[]): [string, unknown, boolean][] {
  return list.flatMap((item) => (typeof item === 'string' ? [[item, undefined, false] as [string, unknown, boolean]] : Object.entries(item).map(([k, v]) => [k, v, true] as [string, unknown, boolean])));
}

/** Without a `judge`, generative response assertions are reported as skipped. */
export async function runCase(runtime: ConversationRuntime, testCase: TestCase, senderId: string, judge?: LlmJudge): Promise<CaseResult> {
  const started = performance.now();
  const failures: StepFailure[] = [];
  const skipped: string[] = [];
  const visitedSteps = new Set<string>();
  const checkLegacy = !usesAssertions(testCase);

  if (Object.keys(testCase.fixtureSlots).length > 0) {
    await runtime.appendEvents(senderId, Object.entries(testCase.fixtureSlots).map(([name, value]) => ({ event: 'slot', name, value })));
  }

  let turnEvents: readonly Event[] = [];
  let stack: DialogueStack | undefined;
  let botCursor = 0;
  const bots = (): Extract<Event, { event: 'bot' }>[] => turnEvents.filter((e): e is Extract<Event, { event: 'bot' }> => e.event === 'bot');

  for (const [i, step] of testCase.steps.entries()) {
    const number = i + 1;
    if ('user' in step) {
      const metadataName = step.metadata ?? testCase.caseMetadata;
      const metadata = metadataName ? testCase.metadataSets[metadataName] : undefined;
      stack ??= (await runtime.getState(senderId))?.stack ?? [];
      let result;
      try {
        result = await runtime.handleMessage({ senderId, text: step.user, channel: 'e2e', ...(metadata ? { metadata } : {}) });
      } catch (error) {
        failures.push({ step: number, expected: `a reply to ${JSON.stringify(step.user)}`, actual: `the turn failed: ${(error as Error).message}` });
        break;
      }
      turnEvents = result.state.events.slice(result.firstEventIndex);
      botCursor = 0;
      recordVisitedSteps(stack, turnEvents, visitedSteps);
      stack = result.state.stack;
      let from = 0;
      for (const assertion of step.assertions ?? []) {
        const start = step.assertion_order_enabled ? from : 0;
        const outcome =
          judge && isGenerativeAssertion(assertion)
            ? await checkGenerativeAssertion(assertion, { judge, userMessage: step.user, events: turnEvents, from: start })
            : checkAssertion(assertion, turnEvents, start);
        if (outcome.status === 'failed') failures.push({ step: number, expected: outcome.expected, actual: outcome.actual });
        else if (outcome.status === 'skipped') skipped.push(`step ${number}: ${outcome.reason}`);
        else if (step.assertion_order_enabled) from = outcome.index + 1;
      }
      continue;
    }
    if (!checkLegacy) continue;
    const failure = checkLegacyStep(step, bots(), botCursor, turnEvents);
    if (failure.advance) botCursor++;
    if (failure.expected) failures.push({ step: number, expected: failure.expected, actual: failure.actual });
  }
  return { testCase, failures, skipped, durationMs: performance.now() - started, visitedSteps };
}

/**
 * Adds the `flow/step` pairs the turn went through: steps that emitted events, and the step of every
 * frame after each stack change (collect steps are waited on inside pattern_collect_information).
 */
function recordVisitedSteps(stackBefore: DialogueStack, events: readonly Event[], visited: Set<string>): void {
  let stack = stackBefore;
  for (const e of events) {
    const flow = e.metadata?.active_flow;
    const stepId = e.metadata?.step_id;
    if (typeof flow === 'string' && typeof stepId === 'string') visited.add(`${flow}/${stepId}`);
    if (e.event !== 'stack') continue;
    try {
      stack = applyPatch(stack, JSON.parse(e.update) as PatchOp[]);
    } catch {
      continue; // a patch we cannot follow only makes coverage less complete
    }
    for (const frame of stack) if ('flow_id' in frame) visited.add(`${frame.flow_id}/${frame.step_id}`);
  }
}

function checkLegacyStep(
  step: Exclude<TestStep, { user: string }>,
  bots: readonly Extract<Event, { event: 'bot' }>[],
  cursor: number,
  events: readonly Event[],
): { advance: boolean; expected?: string; actual: string } {
  const remaining = bots.slice(cursor).map((b) => `${b.metadata?.utter_action ? `${String(b.metadata.utter_action)}: ` : ''}${JSON.stringify(b.text)}`);
  const actualBots = remaining.length > 0 ? `next bot messages: ${remaining.join(' | ')}` : 'no more bot messages in this turn';
  if ('bot' in step) {
    const next = bots[cursor];
    return next?.text === step.bot ? { advance: true, actual: '' } : { advance: next !== undefined, expected: `bot: ${JSON.stringify(step.bot)}`, actual: actualBots };
  }
  if ('utter' in step) {
    const next = bots[cursor];
    return next?.metadata?.utter_action === step.utter ? { advance: true, actual: '' } : { advance: next !== undefined, expected: `utter: ${step.utter}`, actual: actualBots };
  }
  const slotEvents = events.filter((e): e is Extract<Event, { event: 'slot' }> => e.event === 'slot');
  const actualSlots = `slots set in this turn: ${slotEvents.map((e) => `${e.name}=${shortJson(e.value)}`).join(', ') || '(none)'}`;
  const shouldBeSet = 'slot_was_set' in step;
  for (const [name, value, hasValue] of slotEntries(shouldBeSet ? step.slot_was_set : step.slot_was_not_set)) {
    const ok = shouldBeSet ? slotEvents.some((e) => e.name === name && (!hasValue || sameValue(value, e.value))) : slotWasNotSetViolation(slotEvents, name, hasValue, value) === undefined;
    if (!ok) {
      return { advance: false, expected: `${shouldBeSet ? 'slot_was_set' : 'slot_was_not_set'}: ${name}${hasValue ? `=${JSON.stringify(value)}` : ''}`, actual: actualSlots };
    }
  }
  return { advance: false, actual: '' };
}
