/**
 * Read-only questions about a dialogue stack (Rasa `dialogue_understanding/stack/utils.py`).
 * @module
 */
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { AgentFrame, DialogueStack, Frame, PatternFrame, UserFlowFrame } from '../stack.ts';

/** Frames the flow executor can advance: user flows and patterns (agents and search frames are not). */
export type FlowFrame = UserFlowFrame | PatternFrame;

export function isFlowFrame(frame: Frame | undefined): frame is FlowFrame {
  return frame !== undefined && (frame.type === 'flow' || frame.type === 'pattern');
}

export function isPatternFrame(frame: Frame | undefined, patternId?: string): frame is PatternFrame {
  return frame !== undefined && frame.type === 'pattern' && (patternId === undefined || frame.flow_id === patternId);
}

export function topFrame(stack: DialogueStack): Frame | undefined {
  return stack[stack.length - 1];
}

/** Topmost user flow frame; by default `call` and `link` frames count as part of their caller. */
export function topUserFrame(stack: DialogueStack, ignoreCallAndLink = true): UserFlowFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (f.type !== 'flow') continue;
    if (ignoreCallAndLink && (f.frame_type === 'call' || f.frame_type === 'link')) continue;
    return f;
  }
  return undefined;
}

/** Topmost user flow or pattern frame, skipping `pattern_collect_information` and called children. */
export function topFlowFrame(stack: DialogueStack): FlowFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (isPatternFrame(f, PATTERN.collectInformation)) continue;
    if (f.type === 'flow' && f.frame_type === 'call') continue;
    if (isFlowFrame(f)) return f;
  }
  return undefined;
}

/** Is the flow on the stack as a user flow, including a called or linked one? */
export function hasUserFlow(stack: DialogueStack, flowId: string): boolean {
  for (const f of stack) if (f.type === 'flow' && f.flow_id === flowId) return true;
  return false;
}

/** User frames other than call/link frames, bottom first. */
export function primaryUserFrames(stack: DialogueStack): UserFlowFrame[] {
  return stack.filter((f): f is UserFlowFrame => f.type === 'flow' && f.frame_type !== 'call' && f.frame_type !== 'link');
}

/** A pattern frame of that id above the topmost user frame, if any. */
export function activePatternFrame(stack: DialogueStack, patternId: string): PatternFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (isPatternFrame(f, patternId)) return f;
    if (f.type === 'flow') return undefined;
  }
  return undefined;
}

export function activeAgentFrame(stack: DialogueStack): AgentFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (f.type === 'agent' && f.state === 'waiting_for_input') return f;
  }
  return undefined;
}

export function agentFrameOf(stack: DialogueStack, agentId: string): AgentFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const f = stack[i]!;
    if (f.type === 'agent' && f.agent_id === agentId) return f;
  }
  return undefined;
}

/** An agent holds the conversation when its frame waits for input and is on top of the stack. */
export function agentIsActive(stack: DialogueStack): boolean {
  const top = topFrame(stack);
  return top?.type === 'agent' && top.state === 'waiting_for_input';
}

/**
 * The frames that belong to a primary user flow: its frame and everything above it up to the next
 * primary user frame (called children, agents, the question it was asking).
 */
export function framesOfFlow(stack: readonly Frame[], flowId: string): Frame[] {
  const frames: Frame[] = [];
  for (const f of stack) {
    const primary = f.type === 'flow' && (f.frame_type === 'regular' || f.frame_type === 'interrupt');
    if (primary && frames.length > 0) break;
    if (frames.length > 0 || (primary && f.flow_id === flowId)) frames.push(f);
  }
  return frames;
}

const NO_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

/** Props visible as `context.*` in predicates and templates: a pattern's context, a user frame's fields. No copies. */
export function frameContext(frame: Frame | undefined): Readonly<Record<string, unknown>> {
  if (!frame) return NO_CONTEXT;
  if (frame.type === 'pattern') return frame.context;
  return frame as unknown as Readonly<Record<string, unknown>>;
}

/** What responses see as `context`: the top flow frame's props, skipping the collect pattern (Rasa's NLG context). */
export function responseContext(stack: DialogueStack): Readonly<Record<string, unknown>> {
  return frameContext(topFlowFrame(stack));
}
