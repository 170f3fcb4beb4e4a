/**
 * Shorthands for scripted engine scenarios: script items, stack views and the replay check.
 */
import { expect } from 'vitest';
import type { Assistant } from '../../src/core/assistant.ts';
import type { Command, SlotExtractor } from '../../src/core/commands.ts';
import type { Event, EventName, EventOf } from '../../src/core/events.ts';
import { replay } from '../../src/core/engine/index.ts';
import type { ScriptItem, ScriptRun } from '../../src/core/engine/testing.ts';
import type { AgentOutput } from '../../src/core/agent-io.ts';

/** A user message carrying these commands. */
export const say = (...commands: Command[]): ScriptItem => ({ commands });
export const start = (flow: string): ScriptItem => say({ command: 'start flow', flow });
export const set = (name: string, value: unknown, extractor?: SlotExtractor): ScriptItem => say({ command: 'set slot', name, value, ...(extractor ? { extractor } : {}) });

/** The custom action the previous transition asked for finished. */
export const actionDone = (name: string, slots: Readonly<Record<string, unknown>> = {}): ScriptItem => ({
  outcome: { type: 'action_done', name, events: Object.entries(slots).map(([slot, value]): Event => ({ event: 'slot', name: slot, value, timestamp: 0 })), messages: [] },
});
export const agentDone = (agentId: string, output: Omit<AgentOutput, 'id'>): ScriptItem => ({ outcome: { type: 'agent_done', agentId, output: { id: agentId, ...output } } });

/** Flow ids (or frame types) on the stack, bottom first. */
export function flowsOnStack(run: ScriptRun): string[] {
  return run.state.stack.map((f) => (f.type === 'agent' ? `agent:${f.agent_id}` : 'flow_id' in f ? f.flow_id : f.type));
}

export function eventsNamed<N extends EventName>(run: ScriptRun, name: N): EventOf<N>[] {
  return run.events.filter((e): e is EventOf<N> => e.event === name);
}

/** Ids of the flows an event kind names (flow_started, flow_completed, flow_cancelled, …). */
export function flowIdsOf(run: ScriptRun, name: 'flow_started' | 'flow_completed' | 'flow_cancelled' | 'flow_interrupted' | 'flow_resumed'): string[] {
  return eventsNamed(run, name).map((e) => e.flow_id);
}

/** Replaying the run's events from scratch rebuilds exactly its final state. */
export function expectReplayable(assistant: Assistant, run: ScriptRun): void {
  expect(replay(assistant, run.state.sender_id, run.state.events)).toEqual(run.state);
}
