/**
 * Folding events into conversation state. The engine changes state only by emitting events through
 * this fold, so replaying a conversation's events rebuilds the same state.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { Event } from '../events.ts';
import { appendedToLazy } from '../lazy-event-log.ts';
import { hasKeys } from '../plain-object.ts';
import type { Frame } from '../stack.ts';
import { STATE_VERSION, type ConversationState } from '../state.ts';
import { applyPatch, type PatchOp } from './json-patch.ts';
import { initialSlotValues } from './slot-values.ts';

/**
 * The mutable working copy of a conversation's live fields. `slots` and `slot_filled_by` start as
 * the frozen state's own maps and are copied on the first write (most steps write no slot).
 */
export interface LiveState {
  sender_id: string;
  slots: Record<string, unknown>;
  slotsOwned: boolean;
  stack: readonly Frame[];
  paused: boolean;
  latest_event_time: number;
  latest_action_name: string | null;
  latest_input_channel: string | null;
  slot_filled_by: Record<string, string> | undefined;
  filledByOwned: boolean;
}

export function liveStateOf(state: ConversationState): LiveState {
  return {
    sender_id: state.sender_id,
    slots: state.slots as Record<string, unknown>,
    slotsOwned: false,
    stack: state.stack,
    paused: state.paused,
    latest_event_time: state.latest_event_time,
    latest_action_name: state.latest_action_name,
    latest_input_channel: state.latest_input_channel,
    slot_filled_by: state.slot_filled_by as Record<string, string> | undefined,
    filledByOwned: false,
  };
}

export function freeze(live: LiveState, events: readonly Event[]): ConversationState {
  const state: { -readonly [K in keyof ConversationState]: ConversationState[K] } = {
    version: STATE_VERSION,
    sender_id: live.sender_id,
    slots: live.slots,
    stack: live.stack,
    events,
    paused: live.paused,
    latest_event_time: live.latest_event_time,
    latest_action_name: live.latest_action_name,
    latest_input_channel: live.latest_input_channel,
  };
  if (live.slot_filled_by && hasKeys(live.slot_filled_by)) state.slot_filled_by = live.slot_filled_by;
  return state;
}

function resetSlots(live: LiveState, assistant: Assistant): void {
  live.slots = initialSlotValues(assistant.domain);
  live.slotsOwned = true;
  live.slot_filled_by = undefined;
  live.filledByOwned = false;
}

function resetConversation(live: LiveState, assistant: Assistant): void {
  resetSlots(live, assistant);
  live.stack = [];
  live.paused = false;
  live.latest_action_name = null;
}

function setSlot(live: LiveState, name: string, value: unknown, filledBy: string | undefined): void {
  if (!live.slotsOwned) {
    // Object.assign, not a spread: faster on Node 20 (see `Draft.stamp`).
    live.slots = Object.assign({}, live.slots);
    live.slotsOwned = true;
  }
  live.slots[name] = value;
  if (filledBy === undefined) {
    if (live.slot_filled_by && name in live.slot_filled_by) {
      // A copy without the slot, not `delete`: that turns the object into a slow dictionary for every later copy.
      live.slot_filled_by = without(live.slot_filled_by, name);
      live.filledByOwned = true;
    }
    return;
  }
  if (!live.filledByOwned) {
    live.slot_filled_by = Object.assign({}, live.slot_filled_by);
    live.filledByOwned = true;
  }
  live.slot_filled_by![name] = filledBy;
}

function without(record: Readonly<Record<string, string>>, name: string): Record<string, string> {
  const out: Record<string, string> = {};
  for (const key in record) if (key !== name) out[key] = record[key]!;
  return out;
}

/** Applies one event to the working copy (Rasa `Event.apply_to`). */
export function applyEvent(live: LiveState, event: Event, assistant: Assistant): void {
  switch (event.event) {
    case 'user':
      live.latest_event_time = event.timestamp;
      if (event.input_channel !== undefined) live.latest_input_channel = event.input_channel;
      return;
    case 'bot':
      live.latest_event_time = event.timestamp;
      return;
    case 'action':
      live.latest_action_name = event.name;
      return;
    case 'slot':
      setSlot(live, event.name, event.value, event.filled_by);
      return;
    case 'reset_slots':
      resetSlots(live, assistant);
      return;
    case 'stack':
      live.stack = applyPatch(live.stack, JSON.parse(event.update) as PatchOp[]);
      return;
    case 'restart':
    case 'session_started':
      resetConversation(live, assistant);
      return;
    case 'pause':
      live.paused = true;
      return;
    case 'resume':
      live.paused = false;
      return;
    default:
      // flow_*/agent_* events describe stack changes already carried by `stack` events; the rest
      // (rewind, undo, followup, …) need the runtime or are informational.
      return;
  }
}

/** Folds `events` into `state` and appends them to its event log. */
export function applyEvents(assistant: Assistant, state: ConversationState, events: readonly Event[]): ConversationState {
  if (events.length === 0) return state;
  const live = liveStateOf(state);
  for (const e of events) applyEvent(live, e, assistant);
  return freeze(live, appended(state.events, events));
}

/** Above this many events an array outgrows V8's regular heap objects (128 KiB of pointers). */
const LARGE_LOG = 16_000;

/**
 * A new event log: `log` then `events`. A lazy log (a long conversation as durable stores load it)
 * is not copied. On Node 20 a spread copies a frozen log (what stores hold) three to four times
 * faster than `concat`, until the array is a large object: then `concat`, which allocates it once
 * instead of growing it.
 */
export function appended(log: readonly Event[], events: readonly Event[]): readonly Event[] {
  return appendedToLazy(log, events) ?? (log.length < LARGE_LOG ? [...log, ...events] : log.concat(events));
}
