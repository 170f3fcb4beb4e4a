/**
 * Built-in actions, run inside the engine (Rasa `rasa/core/actions/*`, pattern actions).
 * @module
 */
import { END, type CollectStep } from '../flows.ts';
import { HELPER_SLOT, PATTERN } from '../patterns/pattern-ids.ts';
import { botMessageOf, type Event, type EventOf } from '../events.ts';
import type { Frame, PatternFrame } from '../stack.ts';
import type { Draft } from './draft.ts';
import { holds, utter } from './expressions.ts';
import { optionsString, readableName } from './flow-index.ts';
import { continueAt, patternFrame, push, replaceFrame, withStep } from './frames.ts';
import { resumeFlow } from './command-handlers.ts';
import { coerceSlotValue, sameValue } from './slot-values.ts';
import { activePatternFrame, frameContext, framesOfFlow, isFlowFrame, isPatternFrame, topFrame } from './stack-queries.ts';
import { beginSession } from './session.ts';
import { hasSearchPolicy, pushSearchFrame } from './search-step.ts';

export type BuiltinAction = (d: Draft, text: string | undefined) => void;

function topPattern(d: Draft, patternId: string): PatternFrame | undefined {
  const top = topFrame(d.stack);
  return isPatternFrame(top, patternId) ? top : undefined;
}

const cancelFlow: BuiltinAction = (d) => {
  const top = topPattern(d, PATTERN.cancelFlow);
  if (!top) return;
  const canceled = new Set((top.context.canceled_frames as string[] | undefined) ?? []);
  const stack: Frame[] = [];
  for (const f of d.stack) {
    if (!canceled.has(f.frame_id)) stack.push(f);
    else if (f.type === 'flow' || f.type === 'pattern') stack.push(withStep(f, continueAt(END)));
    // canceled agent frames are dropped: the steps after their call step must not run
  }
  d.setStack(stack);
};

/** Rewinds the corrected flow to the earliest collect of the corrected slots, then sets the new values. */
const correctFlowSlot: BuiltinAction = (d) => {
  const top = topPattern(d, PATTERN.correction);
  if (!top) return;
  const ctx = top.context;
  const resetFlow = ctx.reset_flow_id as string | null | undefined;
  if (resetFlow) {
    const targetIndex = findLastIndex(d.stack, (f) => f.type === 'flow' && f.flow_id === resetFlow && f.frame_type !== 'call' && f.frame_type !== 'link');
    if (targetIndex >= 0) {
      const target = d.stack[targetIndex]! as Frame & { step_id: string };
      const resetStep = ctx.reset_step_id as string | null | undefined;
      const rewound = withStep(target, resetStep ? continueAt(resetStep) : 'START');
      const above = d.stack.slice(targetIndex + 1).map((f) => {
        const endsNow = (f.type === 'flow' && f.frame_type === 'call') || isPatternFrame(f, PATTERN.collectInformation);
        return endsNow ? withStep(f as Frame & { step_id: string }, continueAt(END)) : f;
      });
      d.setStack([...d.stack.slice(0, targetIndex), rewound, ...above]);
    }
  }
  const corrected = (ctx.corrected_slots as Record<string, unknown> | undefined) ?? {};
  for (const [name, value] of Object.entries(corrected)) d.emit({ event: 'slot', name, value });
};

function findLastIndex<T>(items: readonly T[], test: (item: T) => boolean): number {
  for (let i = items.length - 1; i >= 0; i--) if (test(items[i]!)) return i;
  return -1;
}

const clarifyFlows: BuiltinAction = (d) => {
  const top = topPattern(d, PATTERN.clarification);
  if (!top) return;
  const names = (top.context.names as string[] | undefined) ?? [];
  d.setStack(replaceFrame(d.stack, top.frame_id, { ...top, context: { ...top.context, clarification_options: optionsString(names, 'or') } }));
};

const TYPE_REJECTIONS: Readonly<Record<string, string>> = {
  bool: 'utter_boolean_slot_rejection',
  float: 'utter_float_slot_rejection',
  categorical: 'utter_categorical_slot_rejection',
};

/** Type check and `rejections` of the slot being collected or validated; a rejection utters and clears it. */
const runSlotRejections: BuiltinAction = (d) => {
  const top = topFrame(d.stack);
  if (!isPatternFrame(top) || (top.flow_id !== PATTERN.collectInformation && top.flow_id !== PATTERN.validateSlot)) return;
  const name = String(top.flow_id === PATTERN.collectInformation ? top.context.collect : top.context.validate);
  const slot = d.assistant.domain.slots[name];
  const value = d.slots[name];
  if (value === null || value === undefined) return;
  let rejection: string | undefined;
  const coerced = slot ? coerceSlotValue(slot, value) : { ok: true as const, value };
  if (!coerced.ok) rejection = slot ? TYPE_REJECTIONS[slot.type] : undefined;
  else {
    const rejections = top.context.rejections as CollectStep['rejections'] | undefined;
    // Most collects have no rejections: no scope to build for them.
    if (rejections !== undefined && rejections.length > 0) {
      const scope = { slots: { [name]: coerced.value }, context: {} };
      rejection = rejections.find((r) => holds(r.if, scope))?.utter;
    }
  }
  if (rejection === undefined && coerced.ok) {
    if (!sameValue(coerced.value, value) || typeof coerced.value !== typeof value) d.emit({ event: 'slot', name, value: coerced.value });
    return;
  }
  d.emit({ event: 'slot', name, value: null });
  if (rejection) utter(d, rejection, frameContext(top), { value });
};

/** The latest run of bot messages, stopping at the user message before them (Rasa `_get_last_bot_events`). */
function lastBotMessages(events: readonly Event[]): EventOf<'bot'>[] {
  const bots: EventOf<'bot'>[] = [];
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.event === 'bot') bots.push(e);
    else if (e.event === 'user' && bots.length > 0) break;
  }
  return bots.reverse();
}

/**
 * Repeats the latest bot messages. When a collect is waiting below the repeat (or silence) pattern,
 * its question is left out: the collect asks it again when the pattern ends (Rasa).
 */
const repeatBotMessages: BuiltinAction = (d) => {
  let bots = lastBotMessages(d.allEvents());
  const below = d.stack.findLast((f) => !isPatternFrame(f, PATTERN.repeatBotMessages) && !isPatternFrame(f, PATTERN.userSilence));
  if (isPatternFrame(below, PATTERN.collectInformation)) bots = bots.slice(0, -1);
  for (const e of bots) d.say(botMessageOf(e));
};

const restart: BuiltinAction = (d) => {
  utter(d, 'utter_restart', {});
  d.emit({ event: 'restart' });
};

const hangup: BuiltinAction = (d) => {
  d.emit({ event: 'session_ended', reason: 'hangup' });
};

/** Moves every flow frame to its end, so each is wrapped up (code change). */
const cleanStack: BuiltinAction = (d) => {
  d.setStack(
    d.stack.filter(isFlowFrame).map((f) => (f.type === 'flow' ? { ...f, step_id: continueAt(END), frame_type: 'regular' as const } : withStep(f, continueAt(END)))),
  );
};

/** Both helper slots are cleared whatever they hold, as Rasa's actions return both `SlotSet(…, None)`. */
function clearContinueSlots(d: Draft): void {
  for (const name of [HELPER_SLOT.interruptedFlowToContinue, HELPER_SLOT.continueInterruptedFlowConfirmation]) clearSlotIfDeclared(d, name);
}

const continueInterruptedFlow: BuiltinAction = (d) => {
  const frame = activePatternFrame(d.stack, PATTERN.continueInterrupted);
  if (!frame) return;
  const ids = (frame.context.interrupted_flow_ids as string[] | undefined) ?? [];
  const names = (frame.context.interrupted_flow_names as string[] | undefined) ?? [];
  let target: string | undefined;
  if (ids.length <= 1) target = ids[0];
  else {
    const selected = d.slots[HELPER_SLOT.interruptedFlowToContinue];
    if (typeof selected === 'string') target = ids.includes(selected) ? selected : ids[names.indexOf(selected)];
  }
  if (target === undefined) {
    d.say({ text: `You haven't selected a valid task to resume. Please specify the task you would like to continue. The options are: ${String(frame.context.interrupted_flow_options ?? '')}` });
    return;
  }
  resumeFlow(d, target);
  clearContinueSlots(d);
};

/** Cancels every interrupted flow the pattern offered (with the frames that belong to each). */
const cancelInterruptedFlows: BuiltinAction = (d) => {
  const frame = activePatternFrame(d.stack, PATTERN.continueInterrupted);
  if (!frame) return;
  // Only frames below the asking pattern: the cancel frames pushed here must not cancel each other.
  const below = d.stack.slice(0, d.stack.indexOf(frame));
  for (const flowId of (frame.context.interrupted_flow_ids as string[] | undefined) ?? []) {
    const frames = framesOfFlow(below, flowId);
    const user = frames[0];
    if (!user || user.type !== 'flow') continue;
    push(d, patternFrame(d, PATTERN.cancelFlow, { canceled_name: readableName(d.assistant, flowId), canceled_frames: frames.map((f) => f.frame_id) }));
    d.emit({ event: 'flow_cancelled', flow_id: user.flow_id, step_id: user.step_id });
    for (const f of frames) if (f.type === 'agent') d.emit({ event: 'agent_cancelled', agent_id: f.agent_id, flow_id: f.flow_id, reason: 'Flow was cancelled' });
  }
  clearContinueSlots(d);
};

const sendText: BuiltinAction = (d, text) => {
  if (text) d.say({ text });
};

const triggerChitchat: BuiltinAction = (d) => {
  utter(d, 'utter_cannot_handle', {});
};

const triggerSearch: BuiltinAction = (d) => {
  if (hasSearchPolicy(d.assistant)) pushSearchFrame(d);
  else if (!utter(d, 'utter_no_knowledge_base', {})) utter(d, 'utter_cannot_handle', {});
};

const noEffect: BuiltinAction = () => undefined;

/** Rasa's NLU-era defaults: their response when the domain has it, then the events Rasa returns. */
const defaultFallback: BuiltinAction = (d) => {
  utter(d, 'utter_default', {});
  d.emit({ event: 'rewind' });
};

const back: BuiltinAction = (d) => {
  utter(d, 'utter_back', {});
  d.emit({ event: 'rewind' });
  d.emit({ event: 'rewind' });
};

const askRephrase: BuiltinAction = (d) => {
  utter(d, 'utter_ask_rephrase', {});
};

/** Asks to confirm the latest intent with yes/no buttons (Rasa `ActionDefaultAskAffirmation`, in our own words). */
const askAffirmation: BuiltinAction = (d) => {
  const user = d.allEvents().findLast((e) => e.event === 'user');
  const intent = user?.event === 'user' ? (user.parse_data.intent?.name ?? 'None') : 'None';
  d.say({
    text: `Is '${intent}' what you meant?`,
    buttons: [
      { title: 'Yes', payload: `/${intent}` },
      { title: 'No', payload: '/out_of_scope' },
    ],
    utter_action: 'action_default_ask_affirmation',
  });
};

function clearSlotIfDeclared(d: Draft, name: string): void {
  if (name in d.assistant.domain.slots) d.emit({ event: 'slot', name, value: null });
}

const deactivateLoop: BuiltinAction = (d) => {
  d.emit({ event: 'active_loop', name: null });
  clearSlotIfDeclared(d, 'requested_slot');
};

/** Ends a coexistence routing session: the routing slot goes back to null (not its initial value). */
const resetRouting: BuiltinAction = (d) => {
  clearSlotIfDeclared(d, HELPER_SLOT.routeSessionToCalm);
};

/**
 * `action_session_start` inside a flow: starts a session unless `startSession` just did, keeping the
 * stack so an overridden `pattern_session_start` goes on after it.
 */
const sessionStartInFlow: BuiltinAction = (d) => {
  if (d.events.some((e) => e.event === 'session_started')) return;
  const stack = d.stack;
  beginSession(d, undefined);
  d.setStack(stack);
};

export const BUILTIN_ACTIONS: Readonly<Record<string, BuiltinAction>> = {
  action_cancel_flow: cancelFlow,
  action_correct_flow_slot: correctFlowSlot,
  action_clarify_flows: clarifyFlows,
  action_run_slot_rejections: runSlotRejections,
  action_repeat_bot_messages: repeatBotMessages,
  action_restart: restart,
  action_session_start: sessionStartInFlow,
  action_hangup: hangup,
  action_clean_stack: cleanStack,
  action_continue_interrupted_flow: continueInterruptedFlow,
  action_cancel_interrupted_flows: cancelInterruptedFlows,
  action_send_text: sendText,
  action_agent_request_user_input: sendText,
  action_trigger_chitchat: triggerChitchat,
  action_trigger_search: triggerSearch,
  action_handoff_metric: noEffect,
  action_default_fallback: defaultFallback,
  action_back: back,
  action_default_ask_rephrase: askRephrase,
  action_default_ask_affirmation: askAffirmation,
  action_deactivate_loop: deactivateLoop,
  action_reset_routing: resetRouting,
  // Rasa's NLU-pipeline defaults with nothing to do in a flow-based assistant: the two-stage
  // fallback loop and its revert belong to the removed TwoStageFallbackPolicy, slot mappings are
  // applied by the command processor, and Rasa's own `action_unlikely_intent` does nothing.
  action_two_stage_fallback: noEffect,
  action_revert_fallback_events: noEffect,
  action_extract_slots: noEffect,
  action_unlikely_intent: noEffect,
};
