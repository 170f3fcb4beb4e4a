/**
 * A scripted `ConversationRuntime` for the voice-ready rendering tests: each user text maps to the
 * bot messages of its turn, and whether the turn ran `action_hangup`.
 * @module
 */
import type { BotMessage, Event } from '../../src/core/events.ts';
import { emptyConversationState } from '../../src/core/state.ts';
import type { ConversationRuntime } from '../../src/runtime/processor-api.ts';

export interface ScriptedTurn {
  readonly messages: readonly BotMessage[];
  readonly hangup?: boolean;
}

export const SCRIPT: Readonly<Record<string, ScriptedTurn>> = {
  buttons: { messages: [{ text: 'Shall I send it 👍', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'No', payload: '/deny' }] }] },
  mixed: { messages: [{ text: 'First.\n\nSecond 🎉' }, { image: 'https://example.com/cat.png' }, { custom: { text: 'Said from custom' } }, { custom: { kind: 'card' } }] },
  bye: { messages: [{ text: 'Goodbye.' }], hangup: true },
};

export function scriptedRuntime(): ConversationRuntime {
  const runtime: Pick<ConversationRuntime, 'handleMessage'> = {
    async handleMessage(message) {
      const turn = SCRIPT[message.text ?? ''] ?? { messages: [] };
      const events: Event[] = turn.hangup ? [{ event: 'session_ended', reason: 'hangup', timestamp: 1 }] : [];
      return { senderId: message.senderId, messages: turn.messages, state: { ...emptyConversationState(message.senderId, {}), events }, firstEventIndex: 0 };
    },
  };
  return runtime as ConversationRuntime;
}
