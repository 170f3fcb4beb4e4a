/**
 * Which user flows the LLM may start now: not patterns, and the guard (`if:`) holds.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import { isPatternId, type Flow } from '../../core/flows.ts';
import { evaluatePredicate } from '../../core/predicates/index.ts';
import type { ConversationState } from '../../core/state.ts';

/** User flows in declaration order. */
export function userFlows(assistant: Assistant): Flow[] {
  return Object.values(assistant.flows).filter((flow) => !isPatternId(flow.id));
}

/** Flows whose guard holds for the current slots (`guard: false` marks link/call-only flows). */
export function startableFlows(flows: readonly Flow[], assistant: Assistant, state: ConversationState): Flow[] {
  if (flows.every((flow) => flow.guard === undefined)) return [...flows];
  const slots = allSlots(assistant, state);
  return flows.filter((flow) => flow.guard === undefined || evaluatePredicate(flow.guard, { slots }));
}

/** Every declared slot, unset ones as null (the predicate language tells null from missing). */
function allSlots(assistant: Assistant, state: ConversationState): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  for (const name of Object.keys(assistant.domain.slots)) slots[name] = null;
  return Object.assign(slots, state.slots);
}
