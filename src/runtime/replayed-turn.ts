/**
 * Recognises a retried message: a stored user event with the same message id means the turn already
 * ran and was saved, so the retry gets that turn's bot messages and nothing runs again.
 * @module
 */
import { botMessageOf, type BotMessage } from '../core/events.ts';
import type { ConversationState } from '../core/state.ts';

export interface ReplayedTurn {
  readonly messages: readonly BotMessage[];
  /** Index of the turn's user event in `state.events`. */
  readonly firstEventIndex: number;
}

/** The saved turn of `messageId`, or `undefined` when no stored user message has that id. */
export function replayedTurn(state: ConversationState, messageId: string): ReplayedTurn | undefined {
  const { events } = state;
  // Newest first: a retry follows its original closely.
  let index = -1;
  for (let i = events.length - 1; i >= 0; i--) {
    const event = events[i]!;
    if (event.event === 'user' && event.message_id === messageId) {
      index = i;
      break;
    }
  }
  if (index < 0) return undefined;
  const messages: BotMessage[] = [];
  for (let i = index + 1; i < events.length; i++) {
    const event = events[i]!;
    if (event.event === 'user') break;
    if (event.event === 'bot') messages.push(botMessageOf(event));
  }
  return { messages, firstEventIndex: index };
}
