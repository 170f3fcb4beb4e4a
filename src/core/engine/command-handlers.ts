/**
 * Executing cleaned commands on the draft (Rasa `Command.run_command_on_tracker`), one handler per command.
 * @module
 */
import type { Command, CommandName, CommandOf } from '../commands.ts';
import { HELPER_SLOT, PATTERN } from '../patterns/pattern-ids.ts';
import type { AgentFrame, DialogueStack, Frame, UserFlowFrame } from '../stack.ts';
import type { Draft } from './draft.ts';
import { collectSteps, fillableSlots, readableName, stepById } from './flow-index.ts';
import { continueAt, patternFrame, popTop, push, replaceFrame, userFrame, withAgentState } from './frames.ts';
import { coerceSlotValue, hasSameCoercedValue } from './slot-values.ts';
import { activeAgentFrame, activePatternFrame, framesOfFlow, isFlowFrame, isPatternFrame, hasUserFlow, topFlowFrame, topFrame, topUserFrame } from './stack-queries.ts';
import { END } from '../flows.ts';
import { currentCollectStep } from './command-cleanup.ts';

export interface CommandContext {
  /** The stack before any command of this turn ran. */
  readonly originalStack: DialogueStack;
  /** Flows started by commands of this turn (SetSlot may fill their slots). */
  readonly startedFlows: readonly string[];
}

type Handler<N extends CommandName> = (d: Draft, command: CommandOf<N>, c: CommandContext) => void;
type AnyHandler = (d: Draft, command: Command, c: CommandContext) => void;

/**
 * Removes an active pattern of one kind and the patterns above it, each with `flow_completed`.
 * Rasa pops every pattern on top; we stop at the target so a collect the interrupted flow was
 * asking stays and is asked again.
 */
function removeTopPatterns(d: Draft, patternId: string): void {
  const target = activePatternFrame(d.stack, patternId);
  if (!target) return;
  for (let top = topFrame(d.stack); isPatternFrame(top); top = topFrame(d.stack)) {
    popTop(d);
    d.emit({ event: 'flow_completed', flow_id: top.flow_id, step_id: top.step_id });
    if (top === target) break;
  }
}

function interruptActiveAgent(d: Draft): void {
  const agent = activeAgentFrame(d.stack);
  if (!agent) return;
  d.setStack(replaceFrame(d.stack, agent.frame_id, withAgentState(agent, 'interrupted')));
  d.emit({ event: 'agent_interrupted', agent_id: agent.agent_id, flow_id: agent.flow_id });
}

/** Moves the frames of `flowId` (its user frame and everything up to the next primary user frame) to the top. */
export function resumeFlow(d: Draft, flowId: string): void {
  const frames = framesOfFlow(d.stack, flowId);
  const target = frames[0];
  if (!target || target.type !== 'flow') return;
  const moved = new Set(frames.map((f) => f.frame_id));
  d.setStack([...d.stack.filter((f) => !moved.has(f.frame_id)), ...frames]);
  const agent = frames.find((f): f is AgentFrame => f.type === 'agent');
  if (agent) d.emit({ event: 'agent_resumed', agent_id: agent.agent_id, flow_id: agent.flow_id });
  d.emit({ event: 'flow_resumed', flow_id: target.flow_id, step_id: target.step_id });
}

const startFlow: Handler<'start flow'> = (d, { flow }, c) => {
  if (!d.assistant.flows[flow]) return;
  const original = topUserFrame(c.originalStack);
  removeTopPatterns(d, PATTERN.completed);
  if (original?.flow_id === flow) {
    removeTopPatterns(d, PATTERN.continueInterrupted);
    return;
  }
  if (hasUserFlow(d.stack, flow) && original) {
    removeTopPatterns(d, PATTERN.continueInterrupted);
    resumeFlow(d, flow);
    d.emit({ event: 'flow_interrupted', flow_id: original.flow_id, step_id: original.step_id });
    return;
  }
  removeTopPatterns(d, PATTERN.continueInterrupted);
  if (original) {
    d.emit({ event: 'flow_interrupted', flow_id: original.flow_id, step_id: original.step_id });
    interruptActiveAgent(d);
  }
  push(d, userFrame(d, flow, original ? 'interrupt' : 'regular'));
};

function flowMayFill(d: Draft, flowId: string | undefined, name: string): boolean {
  const flow = flowId === undefined ? undefined : d.assistant.flows[flowId];
  return flow !== undefined && fillableSlots(d.assistant, flow).has(name);
}

/** May the active flow fill the slot: one of its or its called children's collects (not ask_before_filling), or the slot being asked? */
function activeFlowMayFill(d: Draft, name: string): boolean {
  const any = topUserFrame(d.stack, false);
  const primary = topUserFrame(d.stack);
  if (flowMayFill(d, any?.flow_id, name) || (primary !== any && flowMayFill(d, primary?.flow_id, name))) return true;
  const top = topFrame(d.stack);
  return isPatternFrame(top, PATTERN.collectInformation) && String(top.context.collect) === name;
}

const setSlot: Handler<'set slot'> = (d, command, c) => {
  const slot = d.assistant.domain.slots[command.name];
  if (!slot) return;
  if (hasSameCoercedValue(slot, d.slots[command.name], command.value)) return;
  const extractor = command.extractor ?? 'LLM';
  // The coexistence router's slot is set whatever the flows collect (Rasa).
  if (!activeFlowMayFill(d, command.name) && extractor !== 'CUSTOM' && command.name !== HELPER_SLOT.routeSessionToCalm) {
    if (!c.startedFlows.some((id) => flowMayFill(d, id, command.name))) return;
  }
  const coerced = coerceSlotValue(slot, command.value);
  // An invalid value for the slot being asked is kept so the collect pattern rejects it with the
  // type-specific message (Rasa); anywhere else it is dropped.
  const asked = currentCollectStep(d.assistant, d.stack)?.collect === command.name;
  if (!coerced.ok && !asked) return;
  d.emit({ event: 'slot', name: command.name, value: coerced.ok ? coerced.value : command.value, filled_by: extractor });
};

const correctSlots: Handler<'correct slot'> = (d, command) => {
  const top = topFlowFrame(d.stack);
  if (!top) return;
  const proposed: Record<string, unknown> = {};
  for (const s of command.corrected_slots) if (d.slots[s.name] !== s.value) proposed[s.name] = s.value;
  const user = topUserFrame(d.stack);
  let context: Record<string, unknown> = { is_reset_only: false, corrected_slots: proposed, reset_flow_id: null, reset_step_id: null };
  if (user) {
    const resetOnly = Object.values(d.assistant.flows).every((f) => collectSteps(f).every((s) => !(s.collect in proposed) || s.askBeforeFilling));
    context = { ...context, is_reset_only: resetOnly, reset_flow_id: user.flow_id, reset_step_id: earliestCollectBefore(d, user, proposed) ?? null };
  }
  context = { ...context, new_slot_values: Object.values(proposed) };
  const frame = patternFrame(d, PATTERN.correction, context);
  if (!isPatternFrame(top, PATTERN.correction)) {
    push(d, frame);
    return;
  }
  // Let the running correction finish first: end it (and what sits above it), insert the new one below.
  const at = d.stack.findIndex((f) => f.frame_id === top.frame_id);
  const ended = d.stack.map((f, i) => (i >= at && isFlowFrame(f) ? { ...f, step_id: continueAt(END) } : f));
  d.setStack([...ended.slice(0, at), frame, ...ended.slice(at)]);
};

/** The earliest collect step of the corrected slots before the user frame's current step (Rasa walks back from it). */
function earliestCollectBefore(d: Draft, user: UserFlowFrame, proposed: Record<string, unknown>): string | undefined {
  const flow = d.assistant.flows[user.flow_id];
  if (!flow) return undefined;
  const current = stepById(flow, user.step_id.replace(/^NEXT:/, ''));
  const currentIndex = current ? flow.steps.indexOf(current) : flow.steps.length;
  return collectSteps(flow).find((s) => s.collect in proposed && flow.steps.indexOf(s) <= currentIndex)?.id;
}

/** Frames a cancel removes: from the top down to the nearest non-call user frame (Rasa `select_canceled_frames`). */
export function canceledFrames(stack: DialogueStack): Frame[] {
  const out: Frame[] = [];
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    out.push(f);
    if (f.type === 'flow' && f.frame_type !== 'call') return out;
  }
  return out;
}

const cancelFlow: Handler<'cancel flow'> = (d, _command, c) => {
  const initialTop = topFrame(d.stack);
  const user = topUserFrame(c.originalStack);
  if (!user || !d.assistant.flows[user.flow_id]) return;
  const canceled = canceledFrames(c.originalStack);
  push(d, patternFrame(d, PATTERN.cancelFlow, { canceled_name: readableName(d.assistant, user.flow_id), canceled_frames: canceled.map((f) => f.frame_id) }));
  d.emit({ event: 'flow_cancelled', flow_id: user.flow_id, step_id: user.step_id });
  for (const f of canceled) if (f.type === 'agent') d.emit({ event: 'agent_cancelled', agent_id: f.agent_id, flow_id: f.flow_id, reason: 'Flow was cancelled' });
  if (isPatternFrame(initialTop, PATTERN.clarification)) cancelPendingClarificationOptions(d, initialTop.context, c.originalStack, canceled);
};

/** Cancelling while a clarification lists pending flows cancels those flows too (Rasa). */
function cancelPendingClarificationOptions(d: Draft, context: Readonly<Record<string, unknown>>, original: DialogueStack, canceled: Frame[]): void {
  const names = new Set((context.names as string[] | undefined) ?? []);
  const skip = new Set(canceled.map((f) => f.frame_id));
  let pending: string[] = [];
  for (let i = original.length - 1; i >= 0; i--) {
    const f = original[i]!;
    if (skip.has(f.frame_id)) continue;
    pending.push(f.frame_id);
    if (f.type === 'flow' && names.has(readableName(d.assistant, f.flow_id))) {
      push(d, patternFrame(d, PATTERN.cancelFlow, { canceled_name: readableName(d.assistant, f.flow_id), canceled_frames: pending }));
      d.emit({ event: 'flow_cancelled', flow_id: f.flow_id, step_id: f.step_id });
      pending = [];
    }
  }
}

const clarify: Handler<'clarify'> = (d, { options }) => {
  const valid = options.filter((o) => d.assistant.flows[o]);
  if (valid.length === 0) return;
  interruptActiveAgent(d);
  push(d, patternFrame(d, PATTERN.clarification, { names: valid.map((o) => readableName(d.assistant, o)), clarification_options: '' }));
};

function pushPattern(patternId: string, context: (command: Command) => Record<string, unknown> = () => ({}), interruptsAgent = false): AnyHandler {
  return (d, command) => {
    if (!d.assistant.flows[patternId]) return;
    if (interruptsAgent) interruptActiveAgent(d);
    push(d, patternFrame(d, patternId, context(command)));
  };
}

/** The caller hung up (voice `/session_end`): recorded as Rasa's `SessionEnded`, then a project's `pattern_session_end` runs, if any. */
const sessionEnd: Handler<'session end'> = (d, command, c) => {
  d.emit({ event: 'session_ended', reason: 'user disconnected' });
  pushPattern('pattern_session_end')(d, command, c);
};

const skipQuestion: Handler<'skip question'> = (d, command, c) => {
  if (topUserFrame(d.stack)) pushPattern(PATTERN.skipQuestion)(d, command, c);
};

const handleCodeChange: Handler<'handle code change'> = (d, command, c) => {
  if (topUserFrame(c.originalStack)) pushPattern(PATTERN.codeChange)(d, command, c);
};

const restartAgent: Handler<'restart agent'> = (d, { agent_id }) => {
  const completed = [...d.allEvents()].reverse().find((e) => e.event === 'agent_completed' && e.agent_id === agent_id);
  if (!completed || completed.event !== 'agent_completed') return;
  const flow = d.assistant.flows[completed.flow_id];
  const step = flow?.steps.find((s) => s.kind === 'call_agent' && s.call === agent_id);
  if (!step) return;
  const stack = d.stack.map((f) => (f.type === 'agent' && f.state === 'waiting_for_input' ? withAgentState(f, 'interrupted') : f));
  const frame: AgentFrame = { type: 'agent', frame_id: `restart_agent_${agent_id}`, agent_id, flow_id: completed.flow_id, step_id: step.id, state: 'waiting_for_input', metadata: {} };
  d.setStack([...stack, frame]);
};

const noop: AnyHandler = () => undefined;

const HANDLERS: { readonly [N in CommandName]: Handler<N> } = {
  'start flow': startFlow,
  'set slot': setSlot,
  'correct slot': correctSlots,
  'cancel flow': cancelFlow,
  clarify,
  chitchat: pushPattern(PATTERN.chitchat),
  knowledge: pushPattern(PATTERN.search, undefined, true),
  'human handoff': pushPattern(PATTERN.humanHandoff),
  'skip question': skipQuestion,
  repeat: pushPattern(PATTERN.repeatBotMessages),
  'cannot handle': pushPattern(PATTERN.cannotHandle, (c) => ({ reason: (c as CommandOf<'cannot handle'>).reason ?? 'cannot_handle_default' })),
  error: pushPattern(PATTERN.internalError, (c) => {
    const e = c as CommandOf<'error'>;
    return { error_type: e.error_type, info: e.info ?? {} };
  }),
  restart: pushPattern(PATTERN.restart),
  'session start': pushPattern(PATTERN.sessionStart),
  'session end': sessionEnd,
  'handle code change': handleCodeChange,
  'user silence': pushPattern(PATTERN.userSilence),
  'continue agent': noop,
  'restart agent': restartAgent,
};

export function executeCommand(d: Draft, command: Command, c: CommandContext): void {
  (HANDLERS[command.command] as AnyHandler)(d, command, c);
}
