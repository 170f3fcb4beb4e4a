import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { expectReplayable, start } from '../../../../test/engine/script-helpers.ts';
import type { Event } from '../../events.ts';
import { runScript } from '../testing.ts';

const a = assistantFromYaml({
  domain: `
slots:
  order_id: { type: text }
actions:
  - action_place_order
  - action_check_stock
responses:
  utter_stock_ok: [ { text: "In stock." } ]
  utter_placed: [ { text: "Placed {order_id}." } ]
`,
  flows: `
flows:
  order:
    description: place an order
    steps:
      - action: action_place_order
      - action: utter_placed
`,
});

const slot = (name: string, value: unknown): Event => ({ event: 'slot', name, value, timestamp: 0 });

describe('custom action results', () => {
  it("a custom action's bot messages come before its slot events, as in Rasa", () => {
    const run = runScript(a, [
      start('order'),
      { outcome: { type: 'action_done', name: 'action_place_order', events: [slot('order_id', 'A-17')], messages: [{ text: 'Working on it.' }] } },
    ]);
    const after = run.transitions[1]!.events.map((e) => (e.event === 'bot' ? `bot:${e.text}` : e.event === 'slot' ? `slot:${e.name}` : e.event));
    expect(after.slice(0, 3)).toEqual(['action', 'bot:Working on it.', 'slot:order_id']);
    expect(run.texts[1]).toEqual(['Working on it.', 'Placed A-17.', expect.any(String)]);
    expectReplayable(a, run);
  });

  it('a bot event returned by a custom action reaches the user', () => {
    const run = runScript(a, [
      start('order'),
      { outcome: { type: 'action_done', name: 'action_place_order', events: [{ event: 'bot', text: 'Sent as an event.', data: { buttons: [{ title: 'Ok', payload: '/ok' }] }, timestamp: 0 }], messages: [] } },
    ]);
    expect(run.transitions[1]!.messages[0]).toMatchObject({ text: 'Sent as an event.', buttons: [{ title: 'Ok', payload: '/ok' }] });
  });

  it('a followup event runs the named action next', () => {
    const run = runScript(a, [
      start('order'),
      { outcome: { type: 'action_done', name: 'action_place_order', events: [{ event: 'followup', name: 'utter_stock_ok', timestamp: 0 }], messages: [] } },
    ]);
    expect(run.texts[1]!.slice(0, 2)).toEqual(['In stock.', 'Placed None.']);
  });

  it('a followup to a custom action asks the runtime to run it', () => {
    const run = runScript(a, [
      start('order'),
      { outcome: { type: 'action_done', name: 'action_place_order', events: [{ event: 'followup', name: 'action_check_stock', timestamp: 0 }], messages: [] } },
    ]);
    expect(run.transitions[1]!.effect).toEqual({ type: 'run_action', name: 'action_check_stock' });
  });
});
