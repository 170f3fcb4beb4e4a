/**
 * A realistic conversation state for store tests and the size benchmark: a money transfer with
 * corrections, as the engine would persist it after `turns` user messages.
 * @module
 */
import type { Event } from '../../src/core/events.ts';
import { STATE_VERSION, type ConversationState } from '../../src/core/state.ts';

const USER_TEXTS = [
  'Hi! I want to send money to Zoë 💸',
  'to Zoë Müller please',
  '€50',
  'actually make it 75,50 €',
  'yes, from my savings account',
  'what is my balance?',
  'ok continue with the transfer',
  'yes confirm',
  'thanks — and can you show my last transactions?',
  'that is all, bye 👋',
];
const SLOTS = ['recipient', 'amount', 'account', 'confirmation'];

export function sampleConversation(senderId: string, turns = 10, startSeconds = 1_700_000_000): ConversationState {
  let t = startSeconds;
  const at = (): number => (t += 0.137);
  const events: Event[] = [
    { event: 'action', name: 'action_session_start', timestamp: at(), policy: undefined, confidence: 1 },
    { event: 'session_started', timestamp: at() },
    { event: 'action', name: 'action_listen', timestamp: at() },
  ];
  for (let turn = 0; turn < turns; turn++) {
    const text = USER_TEXTS[turn % USER_TEXTS.length] as string;
    const slot = SLOTS[turn % SLOTS.length] as string;
    events.push(
      {
        event: 'user',
        timestamp: at(),
        text,
        input_channel: 'rest',
        message_id: `msg-${turn}-${senderId}`,
        parse_data: {
          text,
          intent: { name: '', confidence: 1 },
          entities: [],
          commands: [{ command: 'set slot', name: slot, value: `${slot} value ${turn}`, extractor: 'LLM' }],
          flows_in_prompt: ['transfer_money', 'check_balance', 'list_transactions'],
        },
        metadata: { model_id: 'offline', assistant_id: 'starter' },
      },
      { event: 'slot', name: slot, value: `${slot} value ${turn}`, filled_by: 'LLM', timestamp: at() },
      {
        event: 'stack',
        timestamp: at(),
        update: JSON.stringify([{ op: 'replace', path: '/0/step_id', value: `collect_${slot}` }]),
      },
      { event: 'action', name: `utter_ask_${slot}`, policy: 'FlowPolicy', confidence: 1, timestamp: at() },
      {
        event: 'bot',
        timestamp: at(),
        text: `Got it — ${slot} noted. What is the next detail? (étape ${turn + 1}/10)`,
        data: { buttons: turn % 3 === 0 ? [{ title: 'Yes ✅', payload: '/SetSlots(confirmation=true)' }] : undefined },
        metadata: { utter_action: `utter_ask_${slot}` },
      },
      { event: 'action', name: 'action_listen', policy: 'FlowPolicy', confidence: 1, timestamp: at() },
    );
    if (turn === 0) events.splice(events.length - 5, 0, { event: 'flow_started', flow_id: 'transfer_money', timestamp: at() });
  }
  return {
    version: STATE_VERSION,
    sender_id: senderId,
    slots: {
      recipient: 'Zoë Müller',
      amount: 75.5,
      account: { id: 'savings-01', label: 'Épargne', tags: ['primary', 'eur'], limits: { daily: 1000, nested: [1, [2, { deep: null }]] } },
      confirmation: null,
    },
    stack: [
      { type: 'flow', frame_id: 'F7A1B2C3', flow_id: 'transfer_money', step_id: 'collect_amount', frame_type: 'regular' },
      {
        type: 'pattern',
        frame_id: 'P9D8E7F6',
        flow_id: 'pattern_collect_information',
        step_id: 'start',
        context: { collect: 'amount', utter: 'utter_ask_amount', collect_action: 'action_ask_amount', rejections: [] },
      },
    ],
    events,
    paused: false,
    latest_event_time: t,
    latest_action_name: 'action_listen',
    latest_input_channel: 'rest',
    slot_filled_by: { recipient: 'LLM', amount: 'LLM', account: 'NLU' },
  };
}

/** What a stored and reloaded state looks like: JSON drops `undefined` fields. */
export function asStored(state: ConversationState): ConversationState {
  return JSON.parse(JSON.stringify(state)) as ConversationState;
}
