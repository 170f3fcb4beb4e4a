import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { eventsNamed, expectReplayable, say, start } from '../../../../test/engine/script-helpers.ts';
import { runScript } from '../testing.ts';
import { BUILTIN_ACTION_NAMES } from '../known-actions.ts';

/** Every name in Rasa Pro's `DEFAULT_ACTION_NAMES` (rasa/shared/core/constants.py), but the rule snippet `...`. */
const RASA_DEFAULT_ACTIONS = [
  'action_listen',
  'action_restart',
  'action_session_start',
  'action_default_fallback',
  'action_deactivate_loop',
  'action_revert_fallback_events',
  'action_default_ask_affirmation',
  'action_default_ask_rephrase',
  'action_two_stage_fallback',
  'action_unlikely_intent',
  'action_back',
  'action_send_text',
  'action_agent_request_user_input',
  'action_extract_slots',
  'action_cancel_flow',
  'action_correct_flow_slot',
  'action_clarify_flows',
  'action_run_slot_rejections',
  'action_clean_stack',
  'action_trigger_search',
  'action_trigger_chitchat',
  'action_reset_routing',
  'action_hangup',
  'action_repeat_bot_messages',
  'action_continue_interrupted_flow',
  'action_cancel_interrupted_flows',
];

describe('default actions', () => {
  it('every default action Rasa knows is known to the engine', () => {
    expect(RASA_DEFAULT_ACTIONS.filter((name) => !BUILTIN_ACTION_NAMES.has(name))).toEqual([]);
  });

  it('a project whose flows call default actions that are not in the domain loads', () => {
    const steps = RASA_DEFAULT_ACTIONS.filter((n) => n !== 'action_listen').map((n) => `      - action: ${n}\n`).join('');
    expect(() => assistantFromYaml({ flows: `flows:\n  uses_defaults:\n    description: calls every default action\n    steps:\n${steps}` })).not.toThrow();
  });

  it('a pattern override that calls action_reset_routing loads and resets the routing slot to null', () => {
    const a = assistantFromYaml({
      domain: 'slots:\n  route_session_to_calm: { type: bool, initial_value: false }\nresponses:\n  utter_bye: [ { text: "Bye." } ]\n',
      flows: 'flows:\n  pattern_session_start:\n    description: greet\n    steps:\n      - action: utter_bye\n  leave:\n    description: end routing\n    steps:\n      - action: action_reset_routing\n',
    });
    const run = runScript(a, [say({ command: 'set slot', name: 'route_session_to_calm', value: true }), start('leave')]);
    expect(run.state.slots.route_session_to_calm).toBeNull();
    expect(eventsNamed(run, 'slot').at(-1)).toMatchObject({ name: 'route_session_to_calm', value: null });
    expectReplayable(a, run);
  });

  it('action_default_fallback utters utter_default and reverts the user message, as Rasa', () => {
    const a = assistantFromYaml({
      domain: 'responses:\n  utter_default: [ { text: "Sorry, I did not get that." } ]\n',
      flows: 'flows:\n  fallback:\n    description: fall back\n    steps:\n      - action: action_default_fallback\n',
    });
    const run = runScript(a, [start('fallback')]);
    expect(run.texts[0]).toContain('Sorry, I did not get that.');
    const sorry = run.events.findIndex((e) => e.event === 'bot' && e.text === 'Sorry, I did not get that.');
    expect(run.events.findIndex((e) => e.event === 'rewind')).toBe(sorry + 1);
  });

  it('action_deactivate_loop clears the active loop and requested_slot', () => {
    const a = assistantFromYaml({
      domain: 'slots:\n  requested_slot: { type: text }\n',
      flows: 'flows:\n  stop_loop:\n    description: stop\n    steps:\n      - action: action_deactivate_loop\n',
    });
    const run = runScript(a, [start('stop_loop')]);
    expect(eventsNamed(run, 'active_loop')).toMatchObject([{ name: null }]);
    expect(eventsNamed(run, 'slot').some((e) => e.name === 'requested_slot' && e.value === null)).toBe(true);
  });

  it('action_default_ask_affirmation asks about the latest intent with yes/no buttons', () => {
    const a = assistantFromYaml({ flows: 'flows:\n  affirm:\n    description: affirm\n    steps:\n      - action: action_default_ask_affirmation\n' });
    const run = runScript(a, [start('affirm')]);
    const bot = eventsNamed(run, 'bot').find((e) => e.metadata?.utter_action === 'action_default_ask_affirmation')!;
    expect(bot.text).toBe("Is 'None' what you meant?");
    expect(bot.data.buttons).toEqual([
      { title: 'Yes', payload: '/None' },
      { title: 'No', payload: '/out_of_scope' },
    ]);
  });
});
