/**
 * Acceptance: a project whose custom actions run on an action server that answers exactly as
 * rasa_sdk does (every event type, `null` timestamps, responses with buttons, `json_message`,
 * template variables) completes its flow through a real `colloquy run`, over real HTTP.
 */
import { mkdtempSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startColloquy, trackerEvents, type ColloquyProcess } from './colloquy-process.ts';
import { SDK_EVENT_TYPES, sdkEvents as ev, startSdkActionServer, utterMessage, type SdkActionServer } from './rasa-sdk-action-server.ts';

const DOMAIN = `version: "3.1"
intents:
  - ship_parcel
slots:
  parcel_size:
    type: categorical
    values: [small, large]
  address:
    type: text
  price:
    type: float
    mappings: [ { type: controlled } ]
  express:
    type: bool
  tracking_code:
    type: text
    mappings: [ { type: controlled } ]
actions:
  - action_quote_parcel
  - action_book_parcel
  - action_notify_courier
  - action_wrap_up
responses:
  utter_ask_parcel_size:
    - text: "Small or large?"
  utter_ask_address:
    - text: "Where to?"
  utter_ask_express:
    - text: "Express delivery?"
  utter_quote:
    - text: "A {parcel_size} parcel costs {price_text}."
      buttons:
        - title: "Standard"
          payload: "/SetSlots(express=false)"
  utter_booked:
    - text: "Booked, tracking code {tracking_code}."
`;

const FLOWS = `flows:
  ship_parcel:
    description: ship a parcel
    nlu_trigger:
      - intent: ship_parcel
    steps:
      - collect: parcel_size
      - collect: address
      - action: action_quote_parcel
      - collect: express
      - action: action_book_parcel
      - action: utter_booked
      - action: action_wrap_up
`;

interface RestMessage {
  readonly text?: string;
  readonly image?: string;
  readonly attachment?: unknown;
  readonly buttons?: readonly { title: string; payload: string }[];
  readonly custom?: unknown;
}

async function chat(url: string, sender: string, message: string): Promise<RestMessage[]> {
  const response = await fetch(`${url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender, message }) });
  expect(response.status).toBe(200);
  return (await response.json()) as RestMessage[];
}

describe('a rasa_sdk action server drives a flow through colloquy run', () => {
  let actions: SdkActionServer;
  let colloquy: ColloquyProcess;
  let project: string;

  beforeAll(async () => {
    actions = await startSdkActionServer({
      action_quote_parcel: (call) => ({
        events: [ev.SlotSet('price', 12.5)],
        responses: [
          utterMessage({ text: `Checking prices to ${String(call.tracker.slots.address)}.` }),
          utterMessage({ response: 'utter_quote', buttons: [{ title: 'Express', payload: '/SetSlots(express=true)' }], price_text: '12.50 EUR' }),
          utterMessage({ json_message: { type: 'price_card', amount: 12.5, currency: 'EUR' } }),
        ],
      }),
      action_book_parcel: () => ({
        events: [
          ev.SlotSet('tracking_code', 'PX-4711'),
          ev.BotUttered('Label printed.', { elements: null, quick_replies: null, buttons: null, attachment: null, image: null, custom: null }),
          ev.ActionExecuted('action_print_label'),
          ev.AgentUttered('courier app notified'),
          ev.ReminderScheduled('EXTERNAL_parcel_late', '2030-01-01T09:00:00.000000', 'late_check'),
          ev.ReminderCancelled('late_check'),
          ev.ActiveLoop(null),
          ev.LoopInterrupted(false),
          ev.ActionExecutionRejected('action_print_label'),
          ev.StoryExported(),
          ev.UserUtteranceReverted(),
          ev.ActionReverted(),
          ev.FollowupAction('action_notify_courier'),
        ],
      }),
      action_notify_courier: () => ({
        events: [ev.ConversationPaused(), ev.ConversationResumed()],
        responses: [utterMessage({ text: 'Courier notified.' }), utterMessage({ image: 'https://parcels.example/courier.png' }), utterMessage({ attachment: 'https://parcels.example/label.pdf' })],
      }),
      action_wrap_up: () => ({
        events: [ev.UserUttered('(recorded by the action)'), ev.AllSlotsReset(), ev.Restarted(), ev.SessionStarted(), ev.SessionEnded()],
        responses: [utterMessage({ text: 'Thanks for shipping with us.' })],
      }),
    });
    project = mkdtempSync(join(tmpdir(), 'colloquy-sdk-'));
    mkdirSync(join(project, 'data'));
    writeFileSync(join(project, 'config.yml'), 'recipe: default.v1\nlanguage: en\nassistant_id: parcel_test\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n');
    writeFileSync(join(project, 'domain.yml'), DOMAIN);
    writeFileSync(join(project, 'data', 'flows.yml'), FLOWS);
    writeFileSync(join(project, 'endpoints.yml'), `action_endpoint:\n  url: ${actions.url}\ntracker_store:\n  type: memory\n`);
    colloquy = await startColloquy({ project });
  }, 60_000);

  afterAll(async () => {
    await colloquy?.stop();
    await actions?.close();
    if (project) rmSync(project, { recursive: true, force: true });
  });

  it('completes the flow with every rasa_sdk event type, buttons and json_message', async () => {
    const sender = 'sdk-parcel';
    expect((await chat(colloquy.url, sender, '/ship_parcel')).map((m) => m.text)).toEqual(['Small or large?']);
    expect((await chat(colloquy.url, sender, '/SetSlots(parcel_size=large)')).map((m) => m.text)).toEqual(['Where to?']);

    const quote = await chat(colloquy.url, sender, '/SetSlots(address=Main Street 5)');
    expect(quote[0]).toEqual({ recipient_id: sender, text: 'Checking prices to Main Street 5.' });
    // The response renders on the slots from before the action (Rasa) with the action's own variables.
    expect(quote[1]).toMatchObject({
      text: 'A large parcel costs 12.50 EUR.',
      buttons: [
        { title: 'Standard', payload: '/SetSlots(express=false)' },
        { title: 'Express', payload: '/SetSlots(express=true)' },
      ],
    });
    expect(quote[2]).toEqual({ recipient_id: sender, custom: { type: 'price_card', amount: 12.5, currency: 'EUR' } });
    expect(quote.at(-1)?.text).toBe('Express delivery?');

    const done = await chat(colloquy.url, sender, quote[1]!.buttons![1]!.payload);
    expect(done.flatMap((m) => (m.text ? [m.text] : []))).toEqual(['Label printed.', 'Courier notified.', 'Booked, tracking code PX-4711.', 'Thanks for shipping with us.']);
    expect(done).toContainEqual({ recipient_id: sender, image: 'https://parcels.example/courier.png' });
    expect(done).toContainEqual({ recipient_id: sender, attachment: 'https://parcels.example/label.pdf' });

    expect(actions.calls.map((c) => c.next_action)).toEqual(['action_quote_parcel', 'action_book_parcel', 'action_notify_courier', 'action_wrap_up']);
    expect(actions.calls[1]!.tracker.slots).toMatchObject({ parcel_size: 'large', address: 'Main Street 5', price: 12.5, express: true });

    const events = await trackerEvents(colloquy.url, sender);
    const types = new Set(events.map((e) => e.event));
    expect(SDK_EVENT_TYPES.filter((type) => !types.has(type))).toEqual([]);
    expect(events.every((e) => typeof e.timestamp === 'number')).toBe(true);
    expect(colloquy.stderr()).not.toMatch(/custom action failed/);
  }, 60_000);
});
