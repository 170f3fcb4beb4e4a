/**
 * Conversation state as Rasa's tracker JSON (`tracker.current_state(verbosity)`): what the HTTP API
 * returns and what action servers receive as `tracker`.
 * @module
 */
import type { Event, EventOf } from '../core/events.ts';
import type { DialogueStack } from '../core/stack.ts';
import type { ConversationState } from '../core/state.ts';

/** Which events a tracker carries (Rasa `EventVerbosity`). */
export type EventVerbosity = 'ALL' | 'APPLIED' | 'AFTER_RESTART' | 'NONE';
export const EVENT_VERBOSITIES: readonly EventVerbosity[] = ['ALL', 'APPLIED', 'AFTER_RESTART', 'NONE'];

export interface LatestMessageJson {
  readonly text: string | null;
  readonly intent: Readonly<Record<string, unknown>>;
  readonly entities: readonly unknown[];
  readonly message_id: string | null;
  readonly metadata: Readonly<Record<string, unknown>>;
  readonly commands: readonly unknown[];
  readonly [key: string]: unknown;
}

export interface TrackerJson {
  readonly sender_id: string;
  readonly slots: Readonly<Record<string, unknown>>;
  readonly latest_message: LatestMessageJson;
  /** Seconds since the epoch of the latest event; `null` for an empty tracker. */
  readonly latest_event_time: number | null;
  readonly followup_action: string | null;
  readonly paused: boolean;
  readonly stack: DialogueStack;
  /** `null` for verbosity `NONE`, as in Rasa. */
  readonly events: readonly Event[] | null;
  readonly latest_input_channel: string | null;
  /** Always `{}`: CALM has no forms. */
  readonly active_loop: Readonly<Record<string, unknown>>;
  readonly latest_action: { readonly action_name: string } | Readonly<Record<string, never>>;
  readonly latest_action_name: string | null;
}

/** The tracker JSON of a conversation; `AFTER_RESTART` is Rasa's default for the HTTP API. */
export function trackerToJson(state: ConversationState, verbosity: EventVerbosity = 'AFTER_RESTART'): TrackerJson {
  const latestEvent = state.events.at(-1);
  return {
    sender_id: state.sender_id,
    slots: state.slots,
    latest_message: latestMessageJson(state.events),
    latest_event_time: latestEvent ? latestEvent.timestamp : null,
    followup_action: null,
    paused: state.paused,
    stack: state.stack,
    events: eventsForVerbosity(state.events, verbosity),
    latest_input_channel: state.latest_input_channel,
    active_loop: {},
    latest_action: state.latest_action_name ? { action_name: state.latest_action_name } : {},
    latest_action_name: state.latest_action_name,
  };
}

/** The events a verbosity selects, with Rasa's semantics for restarts, `undo` and `rewind`. */
export function eventsForVerbosity(events: readonly Event[], verbosity: EventVerbosity): readonly Event[] | null {
  switch (verbosity) {
    case 'ALL':
      return events;
    case 'NONE':
      return null;
    case 'AFTER_RESTART': {
      const lastRestart = events.findLastIndex((e) => e.event === 'restart');
      return events.slice(lastRestart + 1);
    }
    case 'APPLIED':
      return appliedEvents(events);
  }
}

function appliedEvents(events: readonly Event[]): Event[] {
  let applied: Event[] = [];
  for (const event of events) {
    if (event.event === 'restart' || event.event === 'session_started') {
      applied = [];
    } else if (event.event === 'undo') {
      undoUntil(applied, 'action');
    } else if (event.event === 'rewind') {
      // A user message implies the `action_listen` before it: drop both.
      undoUntil(applied, 'user');
      undoUntil(applied, 'action');
    } else {
      applied.push(event);
    }
  }
  return applied;
}

/** Pops events up to and including the latest one of the given type. */
function undoUntil(applied: Event[], type: Event['event']): void {
  while (applied.length > 0) {
    if (applied.pop()?.event === type) return;
  }
}

function latestMessageJson(events: readonly Event[]): LatestMessageJson {
  const user = events.findLast((e): e is EventOf<'user'> => e.event === 'user');
  if (!user) return { text: null, intent: {}, entities: [], message_id: null, metadata: {}, commands: [] };
  return {
    ...user.parse_data,
    text: user.text,
    intent: user.parse_data.intent ?? {},
    entities: user.parse_data.entities ?? [],
    message_id: user.message_id ?? null,
    metadata: user.metadata ?? {},
    commands: user.parse_data.commands,
  };
}
