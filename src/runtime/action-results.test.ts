import { describe, expect, it } from 'vitest';
import type { Domain } from '../core/domain.ts';
import { InvalidEventsError, toBotMessages, toCoreEvents } from './action-results.ts';

const domain = {
  slots: { order_id: { name: 'order_id', type: 'text', initialValue: null, mappings: [] } },
  responses: {
    utter_confirm: [{ text: 'Place order {order_id}?', buttons: [{ title: 'Yes', payload: '/affirm' }] }],
    utter_done: [{ text: 'Order {order_id} is placed for {customer}.' }],
    utter_plain: [{ text: 'Anything else?' }],
    utter_where: [{ text: 'In {{ context.flow_id }} for {{ customer }}, order {{ order_id }}.', metadata: { template: 'jinja' } }],
  },
  actions: {},
} as unknown as Domain;

const NOW = 1_800_000_000;

/**
 * Each event exactly as rasa_sdk's `events.py` serialises it (every optional field present, unset
 * ones `null`, `"timestamp": null`), with the core event colloquy records for it.
 */
const GOLDEN: readonly (readonly [string, Record<string, unknown>, Record<string, unknown>])[] = [
  ['SlotSet', { event: 'slot', timestamp: null, name: 'order_id', value: 'A-17' }, { event: 'slot', timestamp: NOW, name: 'order_id', value: 'A-17' }],
  ['SlotSet to None', { event: 'slot', timestamp: null, name: 'order_id', value: null }, { event: 'slot', timestamp: NOW, name: 'order_id', value: null }],
  [
    'UserUttered',
    { event: 'user', timestamp: null, text: 'hello there', parse_data: null, input_channel: null },
    { event: 'user', timestamp: NOW, text: 'hello there', parse_data: { commands: [] } },
  ],
  [
    'BotUttered',
    { event: 'bot', timestamp: null, text: 'Parcel sent', data: { elements: null, quick_replies: null, buttons: null, attachment: null, image: null, custom: null }, metadata: null },
    { event: 'bot', timestamp: NOW, text: 'Parcel sent', data: {} },
  ],
  ['Restarted', { event: 'restart', timestamp: null }, { event: 'restart', timestamp: NOW }],
  ['SessionStarted', { event: 'session_started', timestamp: null }, { event: 'session_started', timestamp: NOW }],
  ['SessionEnded', { event: 'session_ended', timestamp: null, metadata: null }, { event: 'session_ended', timestamp: NOW }],
  ['UserUtteranceReverted', { event: 'rewind', timestamp: null }, { event: 'rewind', timestamp: NOW }],
  ['AllSlotsReset', { event: 'reset_slots', timestamp: null }, { event: 'reset_slots', timestamp: NOW }],
  [
    'ReminderScheduled',
    { event: 'reminder', timestamp: null, intent: 'EXTERNAL_dry_plant', entities: null, date_time: '2027-01-02T10:30:00.250000', name: null, kill_on_user_msg: true },
    { event: 'reminder', timestamp: NOW, intent: 'EXTERNAL_dry_plant', date_time: '2027-01-02T10:30:00.250000', kill_on_user_msg: true },
  ],
  [
    'ReminderCancelled',
    { event: 'cancel_reminder', timestamp: null, intent: null, entities: null, name: 'water_plants' },
    { event: 'cancel_reminder', timestamp: NOW, name: 'water_plants' },
  ],
  ['ActionReverted', { event: 'undo', timestamp: null }, { event: 'undo', timestamp: NOW }],
  ['StoryExported', { event: 'export', timestamp: null }, { event: 'export', timestamp: NOW }],
  ['FollowupAction', { event: 'followup', timestamp: null, name: 'action_check_stock' }, { event: 'followup', timestamp: NOW, name: 'action_check_stock' }],
  ['ConversationPaused', { event: 'pause', timestamp: null }, { event: 'pause', timestamp: NOW }],
  ['ConversationResumed', { event: 'resume', timestamp: null }, { event: 'resume', timestamp: NOW }],
  [
    'ActionExecuted',
    { event: 'action', name: 'action_check_stock', policy: null, confidence: null, timestamp: null },
    { event: 'action', timestamp: NOW, name: 'action_check_stock' },
  ],
  ['AgentUttered', { event: 'agent', text: 'a human takes over', data: null, timestamp: null }, { event: 'agent', timestamp: NOW, text: 'a human takes over' }],
  ['ActiveLoop', { event: 'active_loop', name: null, timestamp: null }, { event: 'active_loop', timestamp: NOW, name: null }],
  ['LoopInterrupted', { event: 'loop_interrupted', is_interrupted: true, timestamp: null }, { event: 'loop_interrupted', timestamp: NOW, is_interrupted: true }],
  [
    'ActionExecutionRejected',
    { event: 'action_execution_rejected', name: 'action_check_stock', policy: null, confidence: null, timestamp: null },
    { event: 'action_execution_rejected', timestamp: NOW, name: 'action_check_stock' },
  ],
];

describe('events an action server returns', () => {
  it.each(GOLDEN)('accepts rasa_sdk %s exactly as rasa_sdk serialises it', (_name, sent, recorded) => {
    expect(toCoreEvents([sent], domain, NOW)).toEqual([recorded]);
  });

  it('keeps a timestamp the action server did set', () => {
    expect(toCoreEvents([{ event: 'restart', timestamp: 1_700_000_123.5 }], domain, NOW)).toEqual([{ event: 'restart', timestamp: 1_700_000_123.5 }]);
  });

  it('records a slot event as an in-process action writes it: metadata copied, unknown fields dropped, in the fields order of every other', () => {
    const metadata = { source: 'lookup' };
    const [recorded] = toCoreEvents([{ value: 'A-17', name: 'order_id', event: 'slot', metadata, note: 'not a field' }], domain, NOW);
    expect(JSON.stringify(recorded)).toBe(JSON.stringify({ event: 'slot', name: 'order_id', value: 'A-17', metadata, timestamp: NOW }));
    expect((recorded as { metadata: unknown }).metadata).not.toBe(metadata);
  });

  it.each([
    ['an unknown event type', { event: 'teleport', timestamp: null }],
    ['a slot that is not in the domain', { event: 'slot', timestamp: null, name: 'nope', value: 1 }],
    ['a slot event without a value', { event: 'slot', name: 'order_id' }],
    ['a slot event with an infinite timestamp', { event: 'slot', name: 'order_id', value: 1, timestamp: Infinity }],
    ['a reminder with an unreadable date', { event: 'reminder', timestamp: null, intent: 'EXTERNAL_x', entities: null, date_time: 'soon', name: null, kill_on_user_msg: true }],
    ['a string timestamp', { event: 'restart', timestamp: 'yesterday' }],
  ])('rejects %s with a message naming the event', (_case, sent) => {
    expect(() => toCoreEvents([sent], domain, NOW)).toThrow(InvalidEventsError);
  });
});

/** A `responses` entry as rasa_sdk's `dispatcher.utter_message(...)` serialises it. */
const utter = (fields: Record<string, unknown>) => ({ text: null, buttons: [], elements: [], custom: {}, template: null, response: null, image: null, attachment: null, ...fields });
const render = (responses: unknown[], slots: Record<string, unknown> = { order_id: 'A-17' }) => toBotMessages(responses, domain, { slots, random: () => 0 });

describe('responses an action server returns', () => {
  it('a text message drops the empty fields rasa_sdk sends', () => {
    expect(render([utter({ text: 'Checking stock.' })])).toEqual([{ text: 'Checking stock.' }]);
  });

  it('json_message arrives as custom', () => {
    expect(render([utter({ custom: { kind: 'map', lat: 52.5 } })])).toEqual([{ custom: { kind: 'map', lat: 52.5 } }]);
  });

  it('buttons from the action are attached to a named response, after its own buttons', () => {
    const [message] = render([utter({ response: 'utter_confirm', template: 'utter_confirm', buttons: [{ title: 'Change address', payload: '/change_address' }] })]);
    expect(message).toMatchObject({
      text: 'Place order A-17?',
      buttons: [
        { title: 'Yes', payload: '/affirm' },
        { title: 'Change address', payload: '/change_address' },
      ],
      utter_action: 'utter_confirm',
    });
  });

  it('buttons from the action are attached to a named response that has none', () => {
    const [message] = render([utter({ response: 'utter_plain', buttons: [{ title: 'No, thanks', payload: '/deny' }] })]);
    expect(message).toMatchObject({ text: 'Anything else?', buttons: [{ title: 'No, thanks', payload: '/deny' }] });
  });

  it("a named response's extra keyword arguments are template variables and message metadata", () => {
    const [message] = render([utter({ response: 'utter_done', customer: 'Kim' })]);
    expect(message).toMatchObject({ text: 'Order A-17 is placed for Kim.', utter_action: 'utter_done', metadata: { customer: 'Kim' } });
  });

  it('a named Jinja response sees the stack context, the slots and the keyword arguments, as Rasa NLG does', () => {
    const [message] = toBotMessages([utter({ response: 'utter_where', customer: 'Kim' })], domain, { slots: { order_id: 'A-17' }, context: { flow_id: 'checkout' }, random: () => 0 });
    expect(message?.text).toBe('In checkout for Kim, order A-17.');
  });

  it('a link button without a payload is passed on as the action sent it', () => {
    const link = { title: 'Track it', url: 'https://parcels.example/A-17', type: 'web_url' };
    expect(render([utter({ text: 'Sent.', buttons: [link] })])).toEqual([{ text: 'Sent.', buttons: [link] }]);
  });

  it('a named response that the domain lacks sends nothing, as in Rasa', () => {
    expect(render([utter({ response: 'utter_missing' }), utter({ text: 'after' })])).toEqual([{ text: 'after' }]);
  });

  it('the response text wins over a text the action also sent', () => {
    expect(render([utter({ response: 'utter_plain', text: 'ignored' })])[0]).toMatchObject({ text: 'Anything else?' });
  });
});
