/**
 * Tracker events with the names and fields of Rasa's tracker JSON, so trackers are inspectable,
 * exportable and understood by existing action servers.
 * @module
 */
import type { Command } from './commands.ts';
import type { ResponseButton } from './domain.ts';

interface EventBase {
  /** Seconds since the epoch, from the injected clock. */
  readonly timestamp: number;
  readonly metadata?: Readonly<Record<string, unknown>>;
}

export interface ParseData {
  readonly text?: string;
  readonly intent?: { readonly name: string; readonly confidence: number };
  readonly entities?: readonly { readonly entity: string; readonly value: unknown; readonly start?: number; readonly end?: number }[];
  readonly commands: readonly Command[];
  readonly flows_in_prompt?: readonly string[];
  readonly flows_from_semantic_search?: readonly string[];
}

export interface BotMessageData {
  readonly buttons?: readonly ResponseButton[];
  readonly image?: string;
  readonly custom?: unknown;
  readonly attachment?: unknown;
  readonly elements?: unknown;
  readonly quick_replies?: unknown;
  readonly allow_interruptions?: boolean;
}

export type Event =
  | (EventBase & {
      readonly event: 'user';
      readonly text: string | null;
      readonly parse_data: ParseData;
      readonly input_channel?: string;
      readonly message_id?: string;
    })
  | (EventBase & { readonly event: 'bot'; readonly text: string | null; readonly data: BotMessageData })
  | (EventBase & { readonly event: 'action'; readonly name: string; readonly policy?: string; readonly confidence?: number })
  /** `filled_by` names the extractor of a command-set value (LLM/NLU/…), as Rasa's SlotSet does. */
  | (EventBase & { readonly event: 'slot'; readonly name: string; readonly value: unknown; readonly filled_by?: string })
  | (EventBase & { readonly event: 'reset_slots' })
  /** `update` is an RFC 6902 JSON Patch (as a JSON string) against the previous stack, as in Rasa. */
  | (EventBase & { readonly event: 'stack'; readonly update: string })
  | (EventBase & { readonly event: 'flow_started'; readonly flow_id: string })
  | (EventBase & { readonly event: 'flow_interrupted'; readonly flow_id: string; readonly step_id: string })
  | (EventBase & { readonly event: 'flow_resumed'; readonly flow_id: string; readonly step_id: string })
  | (EventBase & { readonly event: 'flow_completed'; readonly flow_id: string; readonly step_id: string })
  | (EventBase & { readonly event: 'flow_cancelled'; readonly flow_id: string; readonly step_id: string })
  | (EventBase & { readonly event: 'agent_started'; readonly agent_id: string; readonly flow_id: string })
  | (EventBase & { readonly event: 'agent_completed'; readonly agent_id: string; readonly flow_id: string; readonly status?: string })
  | (EventBase & { readonly event: 'agent_interrupted'; readonly agent_id: string; readonly flow_id: string })
  | (EventBase & { readonly event: 'agent_resumed'; readonly agent_id: string; readonly flow_id: string })
  | (EventBase & { readonly event: 'agent_cancelled'; readonly agent_id: string; readonly flow_id: string; readonly reason?: string })
  | (EventBase & { readonly event: 'session_started' })
  | (EventBase & { readonly event: 'session_ended'; readonly reason?: string })
  | (EventBase & { readonly event: 'restart' })
  | (EventBase & { readonly event: 'followup'; readonly name: string })
  | (EventBase & { readonly event: 'rewind' })
  | (EventBase & { readonly event: 'undo' })
  | (EventBase & { readonly event: 'pause' })
  | (EventBase & { readonly event: 'resume' })
  | (EventBase & { readonly event: 'action_execution_rejected'; readonly name: string; readonly policy?: string; readonly confidence?: number })
  /** Recorded as sent by an action server; colloquy schedules no reminders (docs/differences.md). */
  | (EventBase & {
      readonly event: 'reminder';
      readonly intent: string;
      readonly date_time: string;
      readonly entities?: unknown;
      readonly name?: string;
      readonly kill_on_user_msg?: boolean;
    })
  | (EventBase & { readonly event: 'cancel_reminder'; readonly intent?: string; readonly entities?: unknown; readonly name?: string })
  | (EventBase & { readonly event: 'agent'; readonly text?: string; readonly data?: unknown })
  | (EventBase & { readonly event: 'loop_interrupted'; readonly is_interrupted: boolean })
  | (EventBase & { readonly event: 'active_loop'; readonly name: string | null })
  | (EventBase & { readonly event: 'entities'; readonly entities: readonly unknown[] })
  | (EventBase & { readonly event: 'export' });

export type EventName = Event['event'];
export type EventOf<N extends EventName> = Extract<Event, { event: N }>;

/** What a channel shows the user. Same shape as Rasa's REST channel output (minus `recipient_id`). */
export interface BotMessage {
  readonly text?: string;
  readonly buttons?: readonly ResponseButton[];
  readonly image?: string;
  readonly custom?: unknown;
  readonly attachment?: unknown;
  /** The response that produced it, e.g. `utter_ask_amount`. */
  readonly utter_action?: string;
  readonly metadata?: Readonly<Record<string, unknown>>;
  /** `false` when the response says `allow_interruptions: false`: voice channels never cut it (barge-in). */
  readonly allow_interruptions?: boolean;
}

/** The event (without its timestamp) that records a bot message; `metadata` goes under the message's own (step metadata). */
export function botEventOf(message: BotMessage, metadata?: Readonly<Record<string, unknown>>): Omit<EventOf<'bot'>, 'timestamp'> {
  // Assignments, not rest and spreads of optional parts: every bot message of every turn comes through here.
  const data: Record<string, unknown> = {};
  for (const key in message) if (key !== 'text' && key !== 'utter_action' && key !== 'metadata') data[key] = message[key as keyof BotMessage];
  const merged: Record<string, unknown> = Object.assign({}, metadata, message.metadata);
  if (message.utter_action) merged['utter_action'] = message.utter_action;
  return { event: 'bot', text: message.text ?? null, data, metadata: merged };
}

/** The message a stored bot event showed (its text, data and the response that produced it). */
export function botMessageOf(event: EventOf<'bot'>): BotMessage {
  const utterAction = typeof event.metadata?.utter_action === 'string' ? event.metadata.utter_action : undefined;
  return { ...(event.text !== null ? { text: event.text } : {}), ...event.data, ...(utterAction ? { utter_action: utterAction } : {}) };
}
