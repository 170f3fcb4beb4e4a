/**
 * Runs one turn of a sub-agent (ReAct on MCP tools, or an external A2A agent).
 * @module
 */
import type { AgentInput, AgentOutput } from '../core/agent-io.ts';
import type { BotMessage } from '../core/events.ts';

export interface AgentTurnOptions {
  readonly exitIf: readonly string[];
  /** Metadata kept in the agent frame from the previous turn (A2A context/task ids, history…). */
  readonly frameMetadata: Readonly<Record<string, unknown>>;
  /** Interim messages (filler text, A2A `working` updates) for channels that stream. */
  readonly onInterim?: (message: BotMessage) => void;
  readonly signal?: AbortSignal;
  /** The conversation, so that `cancelBackgroundTasks(senderId)` can find its remote work. */
  readonly senderId?: string;
}

export interface AgentClient {
  has(agentId: string): boolean;
  /** Never rejects: failures come back as `fatal_error` outputs. */
  run(agentId: string, input: AgentInput, options: AgentTurnOptions): Promise<AgentOutput>;
  /** Cancels background work of a conversation (conversation ended, session expired). */
  cancelBackgroundTasks?(senderId: string): Promise<void>;
  close(): Promise<void>;
}
