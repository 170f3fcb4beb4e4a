/**
 * Where conversation state lives between turns.
 * @module
 */
import type { ConversationState } from '../core/state.ts';

export interface TrackerStore {
  /** The saved state, or `undefined` for an unknown conversation. */
  load(senderId: string): Promise<ConversationState | undefined>;
  /**
   * Durably saves the state (resolves only after the write is acknowledged: an acknowledged turn survives a crash).
   * Callers hold the conversation's lock.
   */
  save(state: ConversationState): Promise<void>;
  delete(senderId: string): Promise<void>;
  /** Ids of stored conversations (for `GET /conversations`, inspection and tests). */
  keys(): Promise<string[]>;
  close(): Promise<void>;
}
