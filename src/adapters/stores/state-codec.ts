/**
 * The stored form of a conversation: compact JSON of its state with the event log capped to the latest
 * events, so an idle conversation stays small (DESIGN.md: ≤ 10 KB) while the live state (slots, stack)
 * is kept whole. Stores without their own compression (SQLite, Redis) keep it packed: zlib-deflated
 * when longer than 1 KiB, which cuts a 10-turn conversation about sixfold.
 * @module
 */
import { deflateSync, inflateSync } from 'node:zlib';
import { STATE_VERSION, type ConversationState } from '../../core/state.ts';

/** Events kept per conversation unless configured otherwise. */
export const DEFAULT_MAX_EVENTS = 200;

/** Shorter JSON is stored as is: compressing it gains little and it stays readable in redis-cli / sqlite3. */
const PACK_THRESHOLD_BYTES = 1024;
/** First byte of a zlib stream with the default window; stored JSON always starts with `{`. */
const ZLIB_HEADER = 0x78;

/** The state with only the latest `maxEvents` events. */
export function capEvents(state: ConversationState, maxEvents = DEFAULT_MAX_EVENTS): ConversationState {
  return state.events.length > maxEvents ? { ...state, events: state.events.slice(state.events.length - maxEvents) } : state;
}

/** Compact JSON of the state, keeping only the latest `maxEvents` events. */
export function encodeState(state: ConversationState, maxEvents = DEFAULT_MAX_EVENTS): string {
  return JSON.stringify(capEvents(state, maxEvents));
}

/** Parses a stored state; a state written by an unknown version is refused rather than misread. */
export function decodeState(json: string): ConversationState {
  return checkVersion(JSON.parse(json) as ConversationState);
}

/** The state itself, unless an unknown version wrote it. */
export function checkVersion(state: ConversationState): ConversationState {
  if (state.version !== STATE_VERSION) {
    throw new Error(
      `Stored conversation '${state.sender_id}' has state version ${String(state.version)}; this colloquy reads version ${STATE_VERSION}. Upgrade colloquy or delete the conversation.`,
    );
  }
  return state;
}

/** `encodeState`, deflated when long. */
export function packState(state: ConversationState, maxEvents = DEFAULT_MAX_EVENTS): Buffer {
  const json = Buffer.from(encodeState(state, maxEvents), 'utf8');
  return json.length > PACK_THRESHOLD_BYTES ? deflateSync(json) : json;
}

/** Reads what `packState` wrote (or plain JSON text). */
export function unpackState(stored: Buffer | string): ConversationState {
  if (typeof stored === 'string') return decodeState(stored);
  return decodeState((stored[0] === ZLIB_HEADER ? inflateSync(stored) : stored).toString('utf8'));
}

/** Validates a `max_events` setting. */
export function checkMaxEvents(maxEvents: number): number {
  if (!Number.isInteger(maxEvents) || maxEvents < 0) throw new Error(`max_events must be a whole number ≥ 0, got ${maxEvents}.`);
  return maxEvents;
}
