/**
 * Tracker store in process memory (Rasa `InMemoryTrackerStore`): for tests and single-process demos.
 * Keeps the encoded form, so callers never share objects with the store and compaction behaves as in
 * the durable stores.
 * @module
 */
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { DEFAULT_MAX_EVENTS, decodeState, encodeState } from './state-codec.ts';

export class MemoryTrackerStore implements TrackerStore {
  private readonly states = new Map<string, string>();

  constructor(private readonly options: { readonly maxEvents?: number } = {}) {}

  async load(senderId: string): Promise<ConversationState | undefined> {
    const json = this.states.get(senderId);
    return json === undefined ? undefined : decodeState(json);
  }

  async save(state: ConversationState): Promise<void> {
    this.states.set(state.sender_id, encodeState(state, this.options.maxEvents ?? DEFAULT_MAX_EVENTS));
  }

  async delete(senderId: string): Promise<void> {
    this.states.delete(senderId);
  }

  async keys(): Promise<string[]> {
    return [...this.states.keys()];
  }

  async close(): Promise<void> {}
}
