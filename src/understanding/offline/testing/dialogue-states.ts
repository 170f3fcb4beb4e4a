/**
 * Conversation states for generator tests: an idle conversation, or a user flow asking for a slot.
 * @module
 */
import type { Frame } from '../../../core/stack.ts';
import { emptyConversationState, type ConversationState } from '../../../core/state.ts';

export function idleState(slots: Record<string, unknown> = {}): ConversationState {
  return stateWith([], slots);
}

/** `flow` is active and `pattern_collect_information` asks for `slot`. */
export function collectingState(flow: string, slot: string, slots: Record<string, unknown> = {}, extraFrames: readonly Frame[] = []): ConversationState {
  return stateWith(
    [
      { type: 'flow', frame_id: 'f1', flow_id: flow, step_id: `collect_${slot}`, frame_type: 'regular' },
      ...extraFrames,
      { type: 'pattern', frame_id: 'c1', flow_id: 'pattern_collect_information', step_id: 'start', context: { collect: slot } },
    ],
    slots,
  );
}

export function stateWith(stack: readonly Frame[], slots: Record<string, unknown> = {}): ConversationState {
  return { ...emptyConversationState('test', slots), stack };
}
