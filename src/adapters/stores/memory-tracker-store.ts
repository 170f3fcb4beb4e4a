/**
 * Tracker store in process memory (Rasa `InMemoryTrackerStore`): for tests and single-process demos.
 * States are kept as deeply frozen objects rather than JSON: the engine shares unchanged parts
 * between successive states, so freezing costs only what a turn added, and neither the store nor
 * its callers can change what the other holds. Every event is kept, as in the durable stores.
 * @module
 */
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { deepFreeze } from './deep-freeze.ts';
import { checkVersion } from './state-codec.ts';

export class MemoryTrackerStore implements TrackerStore {
  private readonly states = new Map<string, ConversationState>();

  async load(senderId: string): Promise<ConversationState | undefined> {
    const state = this.states.get(senderId);
    return state === undefined ? undefined : checkVersion(state);
  }

  async save(state: ConversationState): Promise<void> {
    freezeState(state, this.states.get(state.sender_id)?.events ?? []);
    this.states.set(state.sender_id, state);
  }

  async delete(senderId: string): Promise<void> {
    this.states.delete(senderId);
  }

  async keys(): Promise<string[]> {
    return [...this.states.keys()];
  }

  async close(): Promise<void> {}
}

/**
 * Deep-freezes a state whose event log usually continues `storedEvents` (what this store already
 * holds, frozen): the events held already are found by identity, far cheaper than asking
 * `Object.isFrozen` of every event on each save.
 */
function freezeState(state: ConversationState, storedEvents: readonly unknown[]): void {
  if (Object.isFrozen(state)) return;
  Object.freeze(state);
  for (const key in state) if (key !== 'events') deepFreeze((state as unknown as Record<string, unknown>)[key]);
  const events = state.events;
  if (Object.isFrozen(events)) return;
  Object.freeze(events);
  let i = 0;
  while (i < events.length && i < storedEvents.length && events[i] === storedEvents[i]) i++;
  for (; i < events.length; i++) deepFreeze(events[i]);
}
