/**
 * What the engine hands a sub-agent and what it gets back (Rasa `AgentInput`/`AgentOutput`).
 * Protocol-neutral: ReAct and A2A agents both speak it.
 * @module
 */

export interface AgentSlot {
  readonly name: string;
  readonly value: unknown;
  readonly type: string;
  readonly allowed_values?: readonly string[];
}

export interface AgentInput {
  readonly id: string;
  readonly user_message: string;
  readonly slots: readonly AgentSlot[];
  /** `USER: …` / `AI: …` lines, oldest first, at most 20 turns. */
  readonly conversation_history: string;
  readonly metadata: Readonly<Record<string, unknown>>;
  /** Seconds since the epoch. */
  readonly timestamp: number;
}

export type AgentStatus = 'completed' | 'input_required' | 'fatal_error' | 'recoverable_error';

export interface AgentOutput {
  readonly id: string;
  readonly status: AgentStatus;
  readonly response_message?: string;
  /** Slot values to set (`set_slot_<name>` tools, `processOutput`, A2A structured results). */
  readonly slots?: Readonly<Record<string, unknown>>;
  readonly structured_results?: readonly unknown[];
  /** Carried into the agent frame's metadata for the next turn (A2A context/task ids, history…). */
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly error_message?: string;
}
