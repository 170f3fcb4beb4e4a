/**
 * Tracker store in process memory (Rasa `InMemoryTrackerStore`): for tests and single-process demos.
 * States are kept as deeply frozen objects rather than JSON: the engine shares unchanged parts
 * between successive states, so freezing costs only what a turn added, and neither the store nor
 * its callers can change what the other holds. The event log is capped as in the durable stores.
 * @module
 */
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { capEvents, checkVersion, DEFAULT_MAX_EVENTS } from './state-codec.ts';

export class MemoryTrackerStore implements TrackerStore {
  private readonly states = new Map<string, ConversationState>();

  constructor(private readonly options: { readonly maxEvents?: number } = {}) {}

  async load(senderId: string): Promise<ConversationState | undefined> {
    const state = this.states.get(senderId);
    return state === undefined ? undefined : checkVersion(state);
  }

  async save(state: ConversationState): Promise<void> {
    this.states.set(state.sender_id, deepFreeze(capEvents(state, this.options.maxEvents ?? DEFAULT_MAX_EVENTS)));
  }

  async delete(senderId: string): Promise<void> {
    this.states.delete(senderId);
  }

  async keys(): Promise<string[]> {
    return [...this.states.keys()];
  }

  async close(): Promise<void> {}
}

/** Freezes `value` and everything in it, stopping at parts already frozen (shared with an earlier state). */
function deepFreeze<T>(value: T): T {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return value;
  Object.freeze(value);
  for (const child of Object.values(value)) deepFreeze(child);
  return value;
}
