/**
 * The engine's contract with the runtime: decide purely, execute elsewhere.
 * The engine maps (state, input) to (next state, events, bot messages, one effect) and never awaits;
 * the runtime performs the effect through a port and feeds the outcome back.
 * @module
 */
import type { AgentInput, AgentOutput } from './agent-io.ts';
import type { Command } from './commands.ts';
import type { Clock, IdSource, RandomSource } from './clock.ts';
import type { BotMessage, Event } from './events.ts';
import type { ToolMapping } from './flows.ts';
import type { ConversationState } from './state.ts';

export interface EngineContext {
  readonly clock: Clock;
  readonly ids: IdSource;
  readonly random: RandomSource;
  /** Input channel name, for channel-specific response variations. */
  readonly channel?: string;
}

export interface UserInput {
  readonly text: string | null;
  readonly commands: readonly Command[];
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly messageId?: string;
  readonly channel?: string;
  /** Understanding extras recorded in `parse_data` (flows_in_prompt, llm usage, …). */
  readonly parseData?: Readonly<Record<string, unknown>>;
}

/** What the executor needs the outside world to do before it can go on. */
export type Effect =
  /** The turn is over: wait for the user. */
  | { readonly type: 'listen' }
  /** Run a custom action (action server or in-process). */
  | { readonly type: 'run_action'; readonly name: string }
  /** Call an MCP tool with arguments already taken from slots. */
  | {
      readonly type: 'call_tool';
      readonly tool: string;
      readonly mcpServer: string;
      readonly arguments: Readonly<Record<string, unknown>>;
      readonly mapping: ToolMapping;
    }
  /** Hand the turn to a sub-agent. */
  | { readonly type: 'call_agent'; readonly agentId: string; readonly input: AgentInput; readonly exitIf: readonly string[] }
  /** Answer the latest question from the knowledge base (EnterpriseSearchPolicy, a search frame on top). */
  | { readonly type: 'search' };

/** What came back from an effect. */
export type EffectOutcome =
  | {
      readonly type: 'action_done';
      readonly name: string;
      /** Already validated and converted to core events (slot sets, followups…). */
      readonly events: readonly Event[];
      readonly messages: readonly BotMessage[];
    }
  | { readonly type: 'action_failed'; readonly name: string; readonly error: string }
  /** MCP tool finished; `slots` are the evaluated output mapping. */
  | { readonly type: 'tool_done'; readonly tool: string; readonly slots: Readonly<Record<string, unknown>> }
  | { readonly type: 'tool_failed'; readonly tool: string; readonly error: string }
  | { readonly type: 'agent_done'; readonly agentId: string; readonly output: AgentOutput }
  /** The knowledge search answered; `metadata` goes on the bot message (`search_results`, `search_query`, …). */
  | { readonly type: 'search_answered'; readonly text: string; readonly metadata: Readonly<Record<string, unknown>> }
  /** Nothing relevant was found; `reason` is the `pattern_cannot_handle` reason (none: Rasa's default). */
  | { readonly type: 'search_no_answer'; readonly reason?: string }
  | { readonly type: 'search_failed'; readonly error: string };

export interface Transition {
  readonly state: ConversationState;
  /** Events appended during this transition (also present at the end of `state.events`). */
  readonly events: readonly Event[];
  /** Bot messages produced during this transition, in order. */
  readonly messages: readonly BotMessage[];
  readonly effect: Effect;
}
