/**
 * TaskStateMapper: derives the A2A task state and its structured DataPart from the dialogue state
 * after a turn, in the priority order of the A2A server architecture seed.
 * @module
 */
import { isPatternId, type Flow } from '../../core/flows.ts';
import type { Frame, PatternFrame } from '../../core/stack.ts';
import type { TurnResult } from '../../runtime/processor-api.ts';
import type { TaskState } from './task-model.ts';

export interface MappedStatus {
  readonly state: TaskState;
  /** The DataPart payload; `state` is spelled with underscores as in the seed (`input_required`). */
  readonly data: Readonly<Record<string, unknown>>;
}

export interface MapperOptions {
  readonly flows: Readonly<Record<string, Flow>>;
  readonly includeConversationRepair: boolean;
}

const CANNOT_HANDLE = 'pattern_cannot_handle';
const INTERNAL_ERROR = 'pattern_internal_error';
const CANCEL_FLOW = 'pattern_cancel_flow';
const COLLECT = 'pattern_collect_information';
/** Patterns with a state of their own, or that belong to a user flow's slot filling: not "repair". */
const NOT_REPAIR = new Set([CANNOT_HANDLE, INTERNAL_ERROR, CANCEL_FLOW, COLLECT]);

export function dataState(state: TaskState): string {
  return state.replace('-', '_');
}

/** Maps one finished turn to its task state; `auth-required` is decided before any turn runs. */
export function mapTurnToStatus(turn: TurnResult, options: MapperOptions): MappedStatus {
  const view = new TurnView(turn);
  const noUserFlows = view.userFrames.length === 0;
  const ended = (patternId: string) => view.onStack(patternId) ?? (noUserFlows ? view.pushedThisTurn(patternId) : undefined);

  const cannotHandle = ended(CANNOT_HANDLE);
  if (cannotHandle) return status('rejected', { reason: cannotHandle.context.reason ?? 'cannot_handle_default' });
  const internalError = ended(INTERNAL_ERROR);
  if (internalError) {
    return status('failed', {
      error_type: internalError.context.error_type ?? 'rasa_internal_error_default',
      error_info: internalError.context.info ?? {},
    });
  }
  const cancel = ended(CANCEL_FLOW);
  if (cancel) return status('canceled', { canceled_flow: cancel.context.canceled_name ?? null });

  const completedFlows = view.userFlowsCompletedThisTurn();
  if (completedFlows.length > 0 && noUserFlows && view.waitingForInput) {
    return status('completed', { slots: persistedSlots(completedFlows, options.flows, turn.state.slots) });
  }
  if (noUserFlows && view.repairActive()) {
    if (options.includeConversationRepair && view.waitingForInput) return inputRequired(view, options.flows, turn.state.slots);
    return status('completed', { slots: {} });
  }
  if (view.waitingForInput) return inputRequired(view, options.flows, turn.state.slots);
  return status('working', {});
}

function status(state: TaskState, extra: Readonly<Record<string, unknown>>): MappedStatus {
  return { state, data: { state: dataState(state), ...extra } };
}

function inputRequired(view: TurnView, flows: Readonly<Record<string, Flow>>, slots: Readonly<Record<string, unknown>>): MappedStatus {
  const top = view.userFrames.at(-1);
  const activeFlow = top?.flow_id ?? view.topPattern()?.flow_id ?? null;
  const flow = top ? flows[top.flow_id] : undefined;
  const collected = flow ? [...new Set(flow.steps.flatMap((s) => (s.kind === 'collect' ? [s.collect] : [])))] : [];
  return status('input-required', { active_flow: activeFlow, slots: pick(slots, collected) });
}

function persistedSlots(flowIds: readonly string[], flows: Readonly<Record<string, Flow>>, slots: Readonly<Record<string, unknown>>) {
  return pick(slots, flowIds.flatMap((id) => flows[id]?.persistedSlots ?? []));
}

function pick(slots: Readonly<Record<string, unknown>>, names: readonly string[]): Record<string, unknown> {
  return Object.fromEntries(names.map((name) => [name, slots[name] ?? null]));
}

/** Read-only questions about the stack and this turn's events. */
class TurnView {
  readonly userFrames: readonly Extract<Frame, { type: 'flow' }>[];
  readonly waitingForInput: boolean;
  private readonly stack: readonly Frame[];
  /** This turn's stack patches that name a pattern, unparsed: most turns never need their frames. */
  private readonly patternUpdates: readonly string[];
  private pushedFrames?: readonly PatternFrame[];
  private readonly started: ReadonlySet<string>;
  private readonly completed: readonly string[];

  constructor(turn: TurnResult) {
    this.stack = turn.state.stack;
    this.userFrames = this.stack.filter((f): f is Extract<Frame, { type: 'flow' }> => f.type === 'flow' && !isPatternId(f.flow_id));
    this.waitingForInput = turn.state.latest_action_name === 'action_listen';
    // One pass over this turn's events, without copying them (a long conversation has thousands).
    const started = new Set<string>();
    const completed: string[] = [];
    const patternUpdates: string[] = [];
    const { events } = turn.state;
    for (let i = turn.firstEventIndex; i < events.length; i++) {
      const e = events[i]!;
      if (e.event === 'flow_started') started.add(e.flow_id);
      else if (e.event === 'flow_completed' && !isPatternId(e.flow_id)) completed.push(e.flow_id);
      // A pattern frame's JSON names its pattern (`"type":"pattern"`, `pattern_…`); most patches only move a step.
      else if (e.event === 'stack' && e.update.includes('pattern')) patternUpdates.push(e.update);
    }
    this.started = started;
    this.completed = completed;
    this.patternUpdates = patternUpdates;
  }

  /** Pattern frames this turn's stack patches added, parsed on first use. */
  private get pushed(): readonly PatternFrame[] {
    return (this.pushedFrames ??= this.patternUpdates.flatMap(patternFramesIn));
  }

  onStack(patternId: string): PatternFrame | undefined {
    return this.stack.findLast((f): f is PatternFrame => f.type === 'pattern' && f.flow_id === patternId);
  }

  /** A pattern that ran this turn, even if it already left the stack; its context when the stack events carry it. */
  pushedThisTurn(patternId: string): PatternFrame | undefined {
    // Only patches whose text names the pattern can add its frame: the others are not parsed for it.
    const frame = this.patternUpdates.some((u) => u.includes(patternId)) ? this.pushed.findLast((f) => f.flow_id === patternId) : undefined;
    if (frame) return frame;
    return this.started.has(patternId) ? { type: 'pattern', frame_id: '', flow_id: patternId, step_id: '', context: {} } : undefined;
  }

  userFlowsCompletedThisTurn(): readonly string[] {
    return [...new Set(this.completed)];
  }

  repairActive(): boolean {
    const isRepair = (id: string) => isPatternId(id) && !NOT_REPAIR.has(id);
    return (
      this.stack.some((f) => f.type === 'pattern' && isRepair(f.flow_id)) ||
      [...this.started].some(isRepair) ||
      this.pushed.some((f) => isRepair(f.flow_id))
    );
  }

  /** The pattern asking the user; `pattern_collect_information` only asks on behalf of the frame below it. */
  topPattern(): PatternFrame | undefined {
    return this.stack.findLast((f): f is PatternFrame => f.type === 'pattern' && f.flow_id !== COLLECT);
  }
}

/** Pattern frames added by one `stack` event's update (an RFC 6902 patch, as a JSON string). */
function patternFramesIn(update: string): PatternFrame[] {
  let ops: unknown;
  try {
    ops = JSON.parse(update);
  } catch {
    return [];
  }
  if (!Array.isArray(ops)) return [];
  return ops.flatMap((op: unknown) => {
    if (!isRecord(op) || (op.op !== 'add' && op.op !== 'replace')) return [];
    const values = Array.isArray(op.value) ? op.value : [op.value];
    return values.filter(isPatternFrame);
  });
}

function isPatternFrame(value: unknown): value is PatternFrame {
  return isRecord(value) && value.type === 'pattern' && typeof value.flow_id === 'string' && isRecord(value.context);
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
