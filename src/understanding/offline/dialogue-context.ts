/**
 * What the offline generator needs to know about the dialogue stack: the active user flow, the
 * slot being collected, and whether a sub-agent holds the conversation.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { CollectStep, Flow } from '../../core/flows.ts';
import type { DialogueStack, Frame, PatternFrame, UserFlowFrame } from '../../core/stack.ts';
import { slotInfo, type SlotInfo } from './slot-roles.ts';

export const COLLECT_PATTERN = 'pattern_collect_information';

export interface DialogueContext {
  /** The top-most user flow on the stack. */
  readonly activeFlow?: Flow;
  readonly collecting?: SlotInfo;
  /** The pattern frame on top of the stack, if any. */
  readonly topPattern?: PatternFrame;
  readonly agentOnTop: boolean;
}

export function readDialogueContext(assistant: Assistant, stack: DialogueStack): DialogueContext {
  const top = stack.at(-1);
  const activeFrame = activeFlowFrame(stack);
  const activeFlow = activeFrame ? assistant.flows[activeFrame.flow_id] : undefined;
  const topPattern = top?.type === 'pattern' ? top : undefined;
  const collect = topPattern?.flow_id === COLLECT_PATTERN ? topPattern.context['collect'] : undefined;
  return {
    activeFlow,
    collecting: typeof collect === 'string' ? slotInfo(assistant, collect, collectStep(assistant, stack, collect)) : undefined,
    topPattern,
    agentOnTop: top?.type === 'agent',
  };
}

/** The top-most user flow frame (a loop rather than findLast's closure: this runs every turn). */
function activeFlowFrame(stack: DialogueStack): UserFlowFrame | undefined {
  for (let i = stack.length - 1; i >= 0; i--) {
    const frame = stack[i]!;
    if (frame.type === 'flow') return frame;
  }
  return undefined;
}

/** The collect step asking for `slot` in the frame under the collect pattern (a user flow or another pattern). */
function collectStep(assistant: Assistant, stack: DialogueStack, slot: string): CollectStep | undefined {
  const asker = stack.at(-2) as Frame | undefined;
  if (!asker || asker.type === 'search') return undefined;
  const flow = assistant.flows[asker.flow_id];
  return flow && collectStepsOf(flow).get(slot);
}

// Per flow, the first collect step of each slot, read once (a loaded project does not change).
const collectSteps = new WeakMap<Flow, ReadonlyMap<string, CollectStep>>();

function collectStepsOf(flow: Flow): ReadonlyMap<string, CollectStep> {
  let steps = collectSteps.get(flow);
  if (steps) return steps;
  const first = new Map<string, CollectStep>();
  for (const step of flow.steps) if (step.kind === 'collect' && !first.has(step.collect)) first.set(step.collect, step);
  collectSteps.set(flow, (steps = first));
  return steps;
}
