/**
 * Frame constructors and immutable stack edits.
 * @module
 */
import { START } from '../flows.ts';
import type { AgentFrame, DialogueStack, FlowFrameType, Frame, PatternFrame, UserFlowFrame } from '../stack.ts';
import type { Draft } from './draft.ts';

export function userFrame(d: Draft, flowId: string, frameType: FlowFrameType): UserFlowFrame {
  return { type: 'flow', frame_id: d.newFrameId(), flow_id: flowId, step_id: START, frame_type: frameType };
}

export function patternFrame(d: Draft, patternId: string, context: Readonly<Record<string, unknown>> = {}): PatternFrame {
  return { type: 'pattern', frame_id: d.newFrameId(), flow_id: patternId, step_id: START, context };
}

export function push(d: Draft, frame: Frame): void {
  d.setStack([...d.stack, frame]);
}

/** Inserts below the current top frame (link steps run after the current flow ends). */
export function pushBelowTop(d: Draft, frame: Frame): void {
  const s = d.stack;
  d.setStack(s.length === 0 ? [frame] : [...belowTop(s), frame, s[s.length - 1]!]);
}

/**
 * The frames below the top in a new array of `length` (at least theirs). A loop, not `slice`: stacks
 * loaded from the memory store are frozen, and on Node 20 `slice` of a frozen array takes a slow path
 * (ten times a copy's cost). Sized up front: pushing onto `[]` reserves room for 17 frames.
 */
function framesBelowTop(stack: DialogueStack, length: number): Frame[] {
  const frames = new Array<Frame>(length);
  for (let i = 0; i < stack.length - 1; i++) frames[i] = stack[i]!;
  return frames;
}

/** The stack without its top frame. */
export function belowTop(stack: DialogueStack): Frame[] {
  return framesBelowTop(stack, Math.max(stack.length - 1, 0));
}

export function replaceTop(d: Draft, frame: Frame): void {
  const stack = framesBelowTop(d.stack, Math.max(d.stack.length, 1));
  stack[stack.length - 1] = frame;
  d.setStack(stack);
}

export function popTop(d: Draft): void {
  d.setStack(belowTop(d.stack));
}

export function replaceFrame(stack: DialogueStack, frameId: string, next: Frame): DialogueStack {
  return stack.map((f) => (f.frame_id === frameId ? next : f));
}

export function withStep<F extends Frame & { step_id: string }>(frame: F, stepId: string): F {
  if (frame.step_id === stepId) return frame;
  // Object.assign, not a spread: faster on Node 20, also to freeze later (see `Draft.stamp`).
  const moved = Object.assign({}, frame);
  moved.step_id = stepId;
  return moved;
}

export function withAgentState(frame: AgentFrame, state: AgentFrame['state']): AgentFrame {
  return frame.state === state ? frame : { ...frame, state };
}

/** Continuation marker: the frame resumes with step `id` (Rasa `ContinueFlowStep`, `NEXT:<id>`). */
export function continueAt(id: string): string {
  return `NEXT:${id}`;
}

export const CONTINUE_PREFIX = 'NEXT:';
