/**
 * Publishes every new tracker event of a saved conversation as Rasa does
 * (`{"sender_id": …, …event.as_dict()}`, one message per event, in order), through the outbox so a
 * slow or absent broker never holds up a turn.
 * @module
 */
import type { ConversationState } from '../../core/state.ts';
import type { RuntimeObserver } from '../../ports/runtime-observer.ts';
import type { BrokerMessage, Outbox } from './outbox.ts';

export function brokerObserver(outbox: Outbox): RuntimeObserver {
  return {
    phase: (_info, work) => work(),
    saved(state: ConversationState, fromIndex: number) {
      const messages: BrokerMessage[] = [];
      for (let i = fromIndex; i < state.events.length; i++) messages.push({ senderId: state.sender_id, body: JSON.stringify({ sender_id: state.sender_id, ...state.events[i] }) });
      if (messages.length > 0) outbox.push(messages);
    },
  };
}
