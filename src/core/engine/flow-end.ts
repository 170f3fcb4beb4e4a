/**
 * What happens when a frame reaches END (Rasa `_run_end_step`): pop it, push `pattern_completed`
 * or `pattern_continue_interrupted` when due, reset the flow's scoped slots, `flow_completed`.
 * @module
 */
import { END, type Flow } from '../flows.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { Frame } from '../stack.ts';
import type { Draft } from './draft.ts';
import { isCollect, optionsString, readableName, setSlotsSteps, stepById, stepsWithCallsResolved } from './flow-index.ts';
import { CONTINUE_PREFIX, patternFrame, popTop, push } from './frames.ts';
import { initialValueOf } from './slot-values.ts';
import { isPatternFrame, primaryUserFrames } from './stack-queries.ts';

function isAtEnd(d: Draft, frame: Frame & { step_id: string }, flowId: string): boolean {
  if (frame.step_id === END || frame.step_id === CONTINUE_PREFIX + END) return true;
  const flow = d.assistant.flows[flowId];
  return !flow || (frame.step_id !== 'START' && !frame.step_id.startsWith(CONTINUE_PREFIX) && !stepById(flow, frame.step_id));
}

function triggerCompleted(d: Draft, popped: Frame): void {
  if (d.stack.length > 0) return;
  const isUser = popped.type === 'flow';
  if (!isUser && !isPatternFrame(popped, PATTERN.search)) return;
  const flow = d.assistant.flows[(popped as { flow_id: string }).flow_id];
  if (flow && !flow.runPatternCompleted) return;
  if (!d.assistant.flows[PATTERN.completed]) return;
  push(d, patternFrame(d, PATTERN.completed, { previous_flow_name: flow ? readableName(d.assistant, flow.id) : null }));
}

function triggerContinueInterrupted(d: Draft, popped: Frame): void {
  // Only an interrupting *user* flow (Rasa `trigger_pattern_continue_interrupted`); when a pattern such
  // as search or chitchat ends, the collect pattern below resumes and asks its question again.
  const interrupting = popped.type === 'flow' && popped.frame_type === 'interrupt';
  if (!interrupting || !d.assistant.flows[PATTERN.continueInterrupted]) return;
  const waiting = primaryUserFrames(d.stack).filter((f) => !isAtEnd(d, f, f.flow_id));
  if (waiting.length === 0) return;
  const names = waiting.map((f) => readableName(d.assistant, f.flow_id));
  push(
    d,
    patternFrame(d, PATTERN.continueInterrupted, {
      interrupted_flow_names: names,
      interrupted_flow_ids: waiting.map((f) => f.flow_id),
      interrupted_flow_options: optionsString(names),
      multiple_flows_interrupted: names.length > 1,
      previous_flow_name: names[names.length - 1],
    }),
  );
}

/** Per flow, computed at its first end: the slots its end resets (a flow belongs to one assistant). */
const scopedSlots = new WeakMap<Flow, readonly string[]>();

function scopedSlotsOf(d: Draft, flow: Flow): readonly string[] {
  const cached = scopedSlots.get(flow);
  if (cached) return cached;
  const steps = stepsWithCallsResolved(d.assistant, flow);
  const persisted = new Set(flow.persistedSlots);
  const keep = new Set<string>();
  const reset: string[] = [];
  for (const step of steps) {
    if (!isCollect(step)) continue;
    if (step.resetAfterFlowEnds && !persisted.has(step.collect)) reset.push(step.collect);
    else keep.add(step.collect);
  }
  for (const step of setSlotsSteps(steps)) for (const s of step.slots) if (!keep.has(s.name) && !persisted.has(s.name)) reset.push(s.name);
  scopedSlots.set(flow, reset);
  return reset;
}

/** Slot resets for a finished flow (called children are reset with their caller). */
function resetScopedSlots(d: Draft, popped: Frame, flowId: string): void {
  if (popped.type === 'flow' && popped.frame_type === 'call') return;
  const flow = d.assistant.flows[flowId];
  if (!flow) return;
  const names = scopedSlotsOf(d, flow);
  if (names.length === 0) return;
  // One metadata object for the resets of one flow end: events are never changed once emitted.
  const metadata = { ...d.stepMetadata, reset: true };
  // One event per collect and set step, whether or not the slot holds a value (Rasa `reset_scoped_slots`).
  for (const name of names) d.emit({ event: 'slot', name, value: initialValueOf(d.assistant.domain, name), metadata });
}

/** Ends the top frame. `previousStepId` is the step it finished on (for `flow_completed`). */
export function endTopFrame(d: Draft, flowId: string, previousStepId: string): void {
  const popped = d.stack[d.stack.length - 1]!;
  popTop(d);
  triggerCompleted(d, popped);
  triggerContinueInterrupted(d, popped);
  resetScopedSlots(d, popped, flowId);
  d.emit({ event: 'flow_completed', flow_id: flowId, step_id: previousStepId });
}
