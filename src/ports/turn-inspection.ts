/**
 * What the inspector shows of a turn beyond its events: the phases it ran (understanding, actions,
 * tool calls, agents) with their times and outcomes, and the LLM calls with prompt, completion,
 * tokens and latency. Kept in memory by `colloquy inspect` only.
 * @module
 */
import type { Phase, PhaseOutcome } from './runtime-observer.ts';

export interface InspectedStep {
  readonly phase: Exclude<Phase, 'turn'>;
  readonly name?: string;
  /** Nesting below the turn (1 = directly in it). */
  readonly depth: number;
  /** Start, in ms after the turn started. */
  readonly offsetMs: number;
  readonly durationMs: number;
  readonly outcome: PhaseOutcome;
}

export interface InspectedLlmCall {
  readonly model: string;
  readonly prompt: string;
  readonly completion?: string;
  readonly error?: string;
  readonly latencyMs: number;
  readonly inputTokens?: number;
  readonly outputTokens?: number;
}

export interface InspectedTurn {
  /** Epoch seconds when the turn started. */
  readonly startedAt: number;
  readonly channel?: string;
  readonly durationMs: number;
  readonly outcome: PhaseOutcome;
  /** The turn's events in the tracker: `[first, last]` indexes, when it was saved. */
  readonly events?: readonly [number, number];
  readonly steps: readonly InspectedStep[];
  readonly llmCalls: readonly InspectedLlmCall[];
}

export interface TurnInspection {
  /** The recorded turns of a conversation, oldest first (the most recent ones only). */
  turns(senderId: string): readonly InspectedTurn[];
}
