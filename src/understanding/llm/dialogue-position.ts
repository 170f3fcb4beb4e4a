/**
 * Where the conversation stands on the dialogue stack: the current flow and the slot being asked.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { CollectStep, Flow } from '../../core/flows.ts';
import type { DialogueStack } from '../../core/stack.ts';

export const COLLECT_PATTERN = 'pattern_collect_information';

export interface DialoguePosition {
  /** The topmost user flow or pattern (the collect pattern and agent frames are looked through). */
  readonly flow?: Flow;
  /** The slot being asked for, if any. */
  readonly collectSlot?: string;
  /** The collect step of `flow` that asks for `collectSlot`. */
  readonly collectStep?: CollectStep;
}

export function dialoguePosition(assistant: Assistant, stack: DialogueStack): DialoguePosition {
  const top = stack.at(-1);
  const asked = top?.type === 'pattern' && top.flow_id === COLLECT_PATTERN ? top.context.collect : undefined;
  const frame = [...stack].reverse().find((f) => f.type === 'flow' || (f.type === 'pattern' && f.flow_id !== COLLECT_PATTERN));
  const flow = frame && 'flow_id' in frame ? assistant.flows[frame.flow_id] : undefined;
  const currentStep = flow && frame && 'step_id' in frame ? flow.steps.find((s) => s.id === frame.step_id) : undefined;
  const collectSlot = typeof asked === 'string' ? asked : currentStep?.kind === 'collect' ? currentStep.collect : undefined;
  const collectStep = collectSlot === undefined ? undefined : collectStepsOf(flow).find((s) => s.collect === collectSlot);
  return { flow, collectSlot, collectStep };
}

export function collectStepsOf(flow: Flow | undefined): CollectStep[] {
  return (flow?.steps ?? []).filter((s): s is CollectStep => s.kind === 'collect');
}
