/**
 * One runner per step kind (Rasa `run_step`): `continue` to the next step, or a prediction that
 * pauses the executor.
 * @module
 */
import type { ActionStep, CallFlowStep, CollectStep, Flow, LinkStep, SetSlotsStep, Step, StepKind } from '../flows.ts';
import { isPatternId } from '../flows.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { Draft } from './draft.ts';
import { renderWithContext } from './expressions.ts';
import { readableName } from './flow-index.ts';
import { patternFrame, push, pushBelowTop, userFrame } from './frames.ts';
import type { Prediction } from './flow-executor.ts';
import { isKnownAction } from './known-actions.ts';
import { collectSilenceTimeoutEvent } from './silence-timeout.ts';
import { canceledFrames } from './command-handlers.ts';
import { frameContext, topFrame } from './stack-queries.ts';
import { runCallAgentStep } from './agent-step.ts';
import { runCallToolStep } from './tool-step.ts';

export type StepResult = 'continue' | Prediction;

/** Cancels the top user flow and reports an internal error (collect step without a question). */
function cancelFlowWithInternalError(d: Draft, flow: Flow): void {
  const top = topFrame(d.stack);
  if (top && top.type !== 'search') {
    push(d, patternFrame(d, PATTERN.cancelFlow, { canceled_name: readableName(d.assistant, flow.id), canceled_frames: canceledFrames(d.stack).map((f) => f.frame_id) }));
  }
  push(d, patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: {} }));
}

type CollectContext = {
  readonly collect: string;
  readonly utter: string;
  readonly collect_action: string;
  readonly rejections: CollectStep['rejections'];
};

/** The collect pattern's context, per step: built once and shared by the frames it goes into (frames never change). */
const collectContexts = new WeakMap<CollectStep, CollectContext>();

function collectContextOf(step: CollectStep): CollectContext {
  let context = collectContexts.get(step);
  if (!context) {
    context = { collect: step.collect, utter: step.utter, collect_action: step.collectAction ?? `action_ask_${step.collect}`, rejections: step.rejections };
    collectContexts.set(step, context);
  }
  return context;
}

function runCollect(d: Draft, step: CollectStep, flow: Flow): StepResult {
  const slot = d.assistant.domain.slots[step.collect];
  const context = collectContextOf(step);
  const askable = (slot?.initialValue ?? null) !== null || isKnownAction(d.assistant, step.utter) || isKnownAction(d.assistant, context.collect_action);
  if (!askable) {
    cancelFlowWithInternalError(d, flow);
    return 'continue';
  }
  push(d, patternFrame(d, PATTERN.collectInformation, context));
  collectSilenceTimeoutEvent(d, step);
  if (slot && step.askBeforeFilling) d.resetSlot(step.collect, null);
  return 'continue';
}

function runAction(d: Draft, step: ActionStep): StepResult {
  const name = renderWithContext(step.action, frameContext(topFrame(d.stack)));
  // Unknown actions are skipped (Rasa warns, except for the optional `validate_<slot>`).
  return isKnownAction(d.assistant, name) ? { kind: 'action', name } : 'continue';
}

function runSetSlots(d: Draft, step: SetSlotsStep): StepResult {
  for (const s of step.slots) d.emit({ event: 'slot', name: s.name, value: s.value });
  return 'continue';
}

function runLink(d: Draft, step: LinkStep): StepResult {
  // Called flows cannot link (the loader rejects it): at runtime the child just returns to its caller.
  const top = topFrame(d.stack);
  if (top?.type === 'flow' && top.frame_type === 'call') return 'continue';
  pushBelowTop(d, isPatternId(step.link) ? patternFrame(d, step.link) : userFrame(d, step.link, 'link'));
  return 'continue';
}

function runCallFlow(d: Draft, step: CallFlowStep): StepResult {
  push(d, userFrame(d, step.call, 'call'));
  return 'continue';
}

export const STEP_RUNNERS: { readonly [K in StepKind]: (d: Draft, step: Extract<Step, { kind: K }>, flow: Flow) => StepResult } = {
  collect: runCollect,
  action: runAction,
  set_slots: runSetSlots,
  link: runLink,
  call_flow: runCallFlow,
  call_agent: runCallAgentStep,
  call_tool: runCallToolStep,
  noop: () => 'continue',
};
