/**
 * What channels and servers call: one turn in, bot messages out. Implemented by `TurnProcessor`.
 * @module
 */
import type { Command } from '../core/commands.ts';
import type { BotMessage } from '../core/events.ts';
import type { ConversationState } from '../core/state.ts';
import type { TextChunk } from '../ports/action-runner.ts';

export interface IncomingMessage {
  readonly senderId: string;
  /** User text; `/intent{...}` and `/SetSlots(...)` payloads are understood as in Rasa. `null` for system turns. */
  readonly text: string | null;
  readonly channel: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  readonly messageId?: string;
  /** Slot values applied as SetSlot commands before understanding (A2A pre-seeding). Validated first. */
  readonly presetSlots?: Readonly<Record<string, unknown>>;
  /** Commands processed instead of understanding `text` (system turns, e.g. A2A `tasks/cancel` cancelling the flow). */
  readonly commands?: readonly Command[];
}

/** What a channel learned while delivering a bot message (voice: latencies), kept on the message's bot event. */
export interface DeliveredMessage {
  /** Merged into the bot event's `metadata` before the turn is saved. */
  readonly metadata?: Readonly<Record<string, unknown>>;
}

/** Receives bot messages as they are produced (streaming channels); optional. */
export interface MessageSink {
  /**
   * `eventMetadata` is the metadata of the message's bot event (`active_flow`, `step_id`, `utter_action`),
   * absent for replayed turns. What the returned promise resolves to is recorded on that event.
   */
  send(message: BotMessage, eventMetadata?: Readonly<Record<string, unknown>>): void | DeliveredMessage | Promise<void | DeliveredMessage>;
  /**
   * Receives text chunks of responses that actions stream; the complete response follows later
   * through `send`. Channels that cannot show partial text leave it out.
   */
  chunk?(chunk: TextChunk): void;
}

export interface TurnResult {
  readonly senderId: string;
  readonly messages: readonly BotMessage[];
  /** State after the turn (already persisted). */
  readonly state: ConversationState;
  /** Index into `state.events` where this turn's events begin. */
  readonly firstEventIndex: number;
}

/** What understanding makes of a message outside any conversation (`POST /model/parse`). */
export interface ParsedMessage {
  readonly text: string;
  readonly commands: readonly Command[];
  /** Extras the command generator recorded (intent, flows in prompt, …). */
  readonly parseData: Readonly<Record<string, unknown>>;
}

export interface AppendOptions {
  /** The events replace the conversation's (`PUT …/tracker/events`); nothing changes when they are refused. */
  readonly replace?: boolean;
}

export interface ConversationRuntime {
  handleMessage(message: IncomingMessage, sink?: MessageSink): Promise<TurnResult>;
  /** Runs an intent as if the user triggered it (`/trigger_intent`): `/intent` payload semantics. */
  triggerIntent(senderId: string, intent: string, entities: Readonly<Record<string, unknown>>, channel: string): Promise<TurnResult>;
  getState(senderId: string): Promise<ConversationState | undefined>;
  /** Appends Rasa-format events to a tracker (`POST /conversations/{id}/tracker/events`). */
  appendEvents(senderId: string, events: readonly Readonly<Record<string, unknown>>[], options?: AppendOptions): Promise<ConversationState>;
  deleteConversation(senderId: string): Promise<void>;
  listConversations(): Promise<string[]>;
  /** Understands `text` as the first message of a new conversation; nothing is stored or run. */
  parseMessage(text: string): Promise<ParsedMessage>;
  /**
   * Runs one action in a stored conversation (`POST /conversations/{id}/execute`): a custom action,
   * a response (`utter_…`) or `action_listen`. Unknown actions are `InvalidInputError`.
   */
  executeAction(senderId: string, name: string, channel: string): Promise<TurnResult>;
}

/** Thrown for bad input the caller can fix (unknown slot in presets, wrong type): maps to HTTP 400. */
export class InvalidInputError extends Error {
  readonly code = 'invalid_input';
  constructor(message: string, readonly details?: Readonly<Record<string, unknown>>) {
    super(message);
    this.name = 'InvalidInputError';
  }
}

/**
 * A retry of a message whose earlier attempt ran actions (or tools, agents) but could not be saved:
 * refused so they do not run twice (HTTP 409).
 */
export class MessageAlreadyRanError extends Error {
  readonly code = 'message_already_ran';
  constructor(readonly messageId: string) {
    super(`Message '${messageId}' was already processed: its actions ran but the turn could not be saved, so it is not run again.`);
    this.name = 'MessageAlreadyRanError';
  }
}
