/**
 * The flow executor (Rasa `advance_flows_until_next_action`): advance the top frame step by step
 * until a step needs an action, a tool or an agent. At most 250 steps per advancement.
 * @module
 */
import { END, START, type Flow, type Step } from '../flows.ts';
import type { Effect } from '../turn.ts';
import type { Draft } from './draft.ts';
import { holds } from './expressions.ts';
import { stepById } from './flow-index.ts';
import { CONTINUE_PREFIX, replaceTop, withStep } from './frames.ts';
import { endTopFrame } from './flow-end.ts';
import { frameContext, topFrame } from './stack-queries.ts';
import { STEP_RUNNERS, type StepResult } from './step-runners.ts';
import type { AgentFrame, PatternFrame, UserFlowFrame } from '../stack.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import { patternFrame } from './frames.ts';
import { globalSilenceTimeoutEvent } from './silence-timeout.ts';
import { hasSearchPolicy } from './search-step.ts';

export const MAX_STEPS = 250;

/** What the executor wants next: an action by name (with text for `action_send_text`-like actions) or an effect. */
export type Prediction = { readonly kind: 'action'; readonly name: string; readonly text?: string } | { readonly kind: 'effect'; readonly effect: Effect };

export const LISTEN: Prediction = { kind: 'action', name: 'action_listen' };

type ExecutableFrame = UserFlowFrame | PatternFrame | AgentFrame;

class FlowError extends Error {}

/** Rasa `select_next_step_id`. */
function nextStepId(d: Draft, flow: Flow, frame: ExecutableFrame): string {
  const at = frame.step_id;
  if (at === START) {
    const first = flow.steps[0];
    return first ? first.id : END;
  }
  if (at.startsWith(CONTINUE_PREFIX)) return at.slice(CONTINUE_PREFIX.length);
  const current = stepById(flow, at);
  if (!current) throw new FlowError(`step "${at}" not found in flow "${flow.id}"`);
  if (frame.type === 'agent') return current.id;
  const next = current.next;
  if (typeof next === 'string') return next;
  if (next.length === 0) {
    if (current.kind === 'link') return END;
    throw new FlowError(`step "${at}" of flow "${flow.id}" has no next step`);
  }
  const scope = { slots: d.slots, context: frameContext(frame) };
  for (const branch of next) if ('if' in branch && holds(branch.if, scope)) return branch.then;
  for (const branch of next) if ('else' in branch) return branch.else;
  throw new FlowError(`no branch of step "${at}" in flow "${flow.id}" matched`);
}

/**
 * Rasa trips the circuit breaker or fails on a missing step by cleaning up and reporting an
 * internal error; the conversation goes on.
 */
function recoverFromFlowError(d: Draft): void {
  d.stepMetadata = undefined;
  d.setStack(d.assistant.flows[PATTERN.internalError] ? [patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: {} })] : []);
}

function advanceOnce(d: Draft): Prediction | 'tripped' {
  for (let steps = 1; steps <= MAX_STEPS; steps++) {
    const frame = topFrame(d.stack);
    if (!frame) return LISTEN;
    if (frame.type === 'search') return hasSearchPolicy(d.assistant) ? { kind: 'effect', effect: { type: 'search' } } : LISTEN;
    // A sub-agent waiting for the user keeps the conversation until the user answers.
    if (frame.type === 'agent' && frame.state === 'waiting_for_input' && isAgentRequestAction(d.live.latest_action_name)) return LISTEN;
    const flow = d.assistant.flows[frame.flow_id];
    if (!flow) throw new FlowError(`flow "${frame.flow_id}" is not defined`);
    const previousStepId = frame.step_id;
    const nextId = nextStepId(d, flow, frame);
    replaceTop(d, withStep(frame, nextId));
    d.stepMetadata = { active_flow: flow.id, step_id: nextId };
    const result = runStep(d, flow, nextId, previousStepId);
    d.stepMetadata = undefined;
    if (result !== 'continue') return result;
  }
  return 'tripped';
}

function runStep(d: Draft, flow: Flow, stepId: string, previousStepId: string): StepResult {
  if (previousStepId === START) d.emit({ event: 'flow_started', flow_id: flow.id });
  if (stepId === END) {
    if (flow.id === PATTERN.collectInformation) globalSilenceTimeoutEvent(d);
    endTopFrame(d, flow.id, previousStepId);
    return 'continue';
  }
  const step: Step | undefined = stepById(flow, stepId);
  if (!step) throw new FlowError(`step "${stepId}" not found in flow "${flow.id}"`);
  if (previousStepId === START && step.kind !== 'collect' && flow.id !== PATTERN.collectInformation && flow.id !== PATTERN.userSilence) {
    globalSilenceTimeoutEvent(d);
  }
  return (STEP_RUNNERS[step.kind] as (d: Draft, step: Step, flow: Flow) => StepResult)(d, step, flow);
}

function isAgentRequestAction(name: string | null): boolean {
  return name === 'action_agent_request_user_input';
}

/** Advances the stack until something must happen outside the executor. */
export function advanceFlows(d: Draft): Prediction {
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const result = advanceOnce(d);
      if (result !== 'tripped') return result;
    } catch (e) {
      if (!(e instanceof FlowError)) throw e;
    }
    recoverFromFlowError(d);
  }
  d.setStack([]);
  return LISTEN;
}
