/**
 * The live state of one conversation: plain JSON, versioned, what the tracker store saves.
 * @module
 */
import type { Event } from './events.ts';
import type { DialogueStack } from './stack.ts';

export const STATE_VERSION = 1;

export interface ConversationState {
  readonly version: typeof STATE_VERSION;
  readonly sender_id: string;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly stack: DialogueStack;
  /**
   * Events since the conversation began, oldest first. Stores may cap and compact this
   * (the live state above never depends on old events). Durable stores hand out a long log lazily
   * (see lazy-event-log): reading it from the end is cheap, reading older events decodes them.
   */
  readonly events: readonly Event[];
  /** Set by `pause` events (human handoff); paused conversations ignore messages. */
  readonly paused: boolean;
  /** Seconds since the epoch of the latest user or bot event; drives session expiry. */
  readonly latest_event_time: number;
  /** Name of the latest action the engine ran. */
  readonly latest_action_name: string | null;
  readonly latest_input_channel: string | null;
  /** Extractor that filled each slot, for slots last set by a command (absent = set otherwise). */
  readonly slot_filled_by?: Readonly<Record<string, string>>;
}

/** A conversation with no events yet: the given (initial) slot values and an empty stack. */
export function emptyConversationState(senderId: string, slots: Readonly<Record<string, unknown>>): ConversationState {
  return {
    version: STATE_VERSION,
    sender_id: senderId,
    slots,
    stack: [],
    events: [],
    paused: false,
    latest_event_time: 0,
    latest_action_name: null,
    latest_input_channel: null,
  };
}
