/**
 * A command generator turns what the user said into commands for the engine.
 * @module
 */
import type { Assistant } from '../core/assistant.ts';
import type { Command } from '../core/commands.ts';
import type { ConversationState } from '../core/state.ts';

export interface UnderstandingInput {
  readonly assistant: Assistant;
  /** State before this message (the user event is not yet appended). */
  readonly state: ConversationState;
  readonly text: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly signal?: AbortSignal;
}

export interface UnderstandingResult {
  readonly commands: readonly Command[];
  /** Extras recorded in the user event's `parse_data` (flows_in_prompt, flows_from_semantic_search, llm usage/latency, intent…). */
  readonly parseData?: Readonly<Record<string, unknown>>;
}

export interface CommandGenerator {
  /** Never throws: failures become `error` / `cannot handle` commands. */
  predict(input: UnderstandingInput): Promise<UnderstandingResult>;
}
