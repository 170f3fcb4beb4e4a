/**
 * Every cleanup/reorder rule of the command processor (Rasa `command_processor.py`, reference §4.3),
 * each as a conversation: commands in, events and bot messages out.
 */
import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { agentDone, eventsNamed, flowIdsOf, flowsOnStack, say, set, start } from '../../../../test/engine/script-helpers.ts';
import { lastEffect, runScript } from '../testing.ts';

const a = scenarioAssistant();
const REPHRASE = "Sorry, I didn't quite get that. Could you say it another way?";
const CANNOT_HANDLE = "Sorry, that's not something I can help with.";

describe('SetSlot cleanup', () => {
  it('a slot missing from the domain becomes cannot handle', () => {
    const run = runScript(a, [start('check_balance'), set('favourite_colour', 'blue')]);
    expect(run.texts[1]).toEqual([REPHRASE, 'Which account?']);
    expect(eventsNamed(run, 'slot').some((e) => e.name === 'favourite_colour')).toBe(false);
  });

  it('controlled slots reject NLU values too, but accept button payloads', () => {
    const nlu = runScript(a, [start('transfer_money'), set('vip_code', 'X', 'NLU')]);
    expect(nlu.state.slots.vip_code).toBeNull();
    expect(nlu.texts[1]![0]).toBe(REPHRASE);
    const withCollect = scenarioAssistant({
      domain: (t) => `${t}  utter_ask_vip_code: [ { text: "Your code?" } ]\n`,
      flows: (t) => `${t}  vip:\n    description: vip\n    steps:\n      - collect: vip_code\n`,
    });
    const payload = runScript(withCollect, [start('vip'), set('vip_code', 'X', 'COMMAND_PAYLOAD_READER')]);
    expect(eventsNamed(payload, 'slot')).toContainEqual(expect.objectContaining({ name: 'vip_code', value: 'X', filled_by: 'COMMAND_PAYLOAD_READER' }));
    expect(payload.texts[1]).toEqual(['Is there anything else you need?']);
  });

  it('an incompatible value is dropped without cannot handle when a valid SetSlot for the slot already exists', () => {
    const mixed = assistantFromYaml({
      domain: 'slots:\n  city:\n    type: text\n    mappings:\n      - type: from_entity\n        entity: city\nentities: [city]\nresponses:\n  utter_ask_city: [ { text: "City?" } ]\n  utter_city: [ { text: "City {city}." } ]\n',
      flows: 'flows:\n  trip:\n    description: trip\n    steps:\n      - collect: city\n      - action: utter_city\n',
    });
    const run = runScript(mixed, [start('trip'), say({ command: 'set slot', name: 'city', value: 'Oslo', extractor: 'NLU' }, { command: 'set slot', name: 'city', value: 'Rome', extractor: 'LLM' })]);
    expect(run.texts[1]![0]).toBe('City Oslo.');
  });

  it('the same value again is dropped: no correction, the question is asked again', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('recipient', 'Ann')]);
    expect(run.texts[2]).toEqual(['How much?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_correction');
  });

  it('a new value for the slot being asked is a plain SetSlot, not a correction', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 5000), set('amount', 20)]);
    expect(run.texts[3]).toEqual(['Send 20 to Ann?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_correction');
  });

  it('an LLM value may not overwrite an NLU-filled slot unless allow_nlu_correction', () => {
    const trip = (allow: boolean) =>
      assistantFromYaml({
        domain: `slots:\n  day: { type: text }\n  city:\n    type: text\n    mappings:\n      - type: from_entity\n        entity: city\n      - type: from_llm\n${allow ? '        allow_nlu_correction: true\n' : ''}entities: [city]\nresponses:\n  utter_ask_city: [ { text: "City?" } ]\n  utter_ask_day: [ { text: "Day?" } ]\n`,
        flows: 'flows:\n  trip:\n    description: trip\n    steps:\n      - collect: city\n      - collect: day\n',
      });
    const script = [start('trip'), set('city', 'Oslo', 'NLU'), set('city', 'Rome')];
    expect(runScript(trip(false), script).state.slots.city).toBe('Oslo');
    expect(runScript(trip(true), script).state.slots.city).toBe('Rome');
  });

  it('a SetSlot for a slot no active or started flow collects is skipped', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'set slot', name: 'account_type', value: 'Savings' }, { command: 'set slot', name: 'recipient', value: 'Ann' })]);
    expect(run.state.slots.recipient).toBeNull();
    expect(run.state.slots.account_type).toBe('Savings');
  });

  it('with no active flow, SetSlots that no started flow collects become cannot handle instead of silence', () => {
    const run = runScript(a, [say({ command: 'set slot', name: 'recipient', value: 'Carol', extractor: 'COMMAND_PAYLOAD_READER' }, { command: 'set slot', name: 'amount', value: 20, extractor: 'COMMAND_PAYLOAD_READER' })]);
    expect(run.texts[0]).toEqual([REPHRASE]);
    expect(eventsNamed(run, 'slot').filter((e) => e.name === 'recipient' || e.name === 'amount')).toEqual([]);
  });

  it('the coexistence routing slot is set though no flow collects it', () => {
    const routed = scenarioAssistant({ domain: (t) => t.replace('slots:\n', 'slots:\n  route_session_to_calm: { type: bool }\n') });
    const run = runScript(routed, [set('route_session_to_calm', true)]);
    expect(run.state.slots.route_session_to_calm).toBe(true);
    expect(run.texts[0]).toEqual([]);
  });

  it('with no active flow, a SetSlot for a flow started in the same message is kept and no cannot handle follows', () => {
    const run = runScript(a, [say({ command: 'set slot', name: 'account_type', value: 'Savings' }, { command: 'set slot', name: 'recipient', value: 'Ann' }, { command: 'start flow', flow: 'check_balance' })]);
    expect(run.texts[0]).toEqual([]);
    expect(lastEffect(run)).toEqual({ type: 'run_action', name: 'action_fetch_balance' });
    expect(run.state.slots.recipient).toBeNull();
  });
});

describe('flow and repair command cleanup', () => {
  it('a duplicate cancel is dropped', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'cancel flow' }, { command: 'cancel flow' })]);
    expect(flowIdsOf(run, 'flow_cancelled')).toEqual(['check_balance']);
    expect(run.texts[1]!.filter((t) => t.startsWith('All right'))).toHaveLength(1);
  });

  it('a duplicate cannot handle is dropped', () => {
    const run = runScript(a, [say({ command: 'cannot handle' }, { command: 'cannot handle' })]);
    expect(run.texts[0]).toEqual([REPHRASE]);
  });

  it('starting the flow that is already on top is dropped: no interruption, the question repeats', () => {
    const run = runScript(a, [start('check_balance'), start('check_balance')]);
    expect(run.texts[1]).toEqual(['Which account?']);
    expect(eventsNamed(run, 'flow_interrupted')).toEqual([]);
    expect(flowsOnStack(run)).toEqual(['check_balance', 'pattern_collect_information']);
  });

  it('chitchat is moved first: it is answered before the flow it came with starts', () => {
    const run = runScript(a, [say({ command: 'start flow', flow: 'check_balance' }, { command: 'chitchat' })]);
    expect(run.texts[0]).toEqual([CANNOT_HANDLE, 'Which account?']);
  });

  it('clarify is dropped when other commands come with it', () => {
    const run = runScript(a, [say({ command: 'clarify', options: ['transfer_money', 'check_balance'] }, { command: 'start flow', flow: 'check_balance' })]);
    expect(run.texts[0]).toEqual(['Which account?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_clarification');
  });

  it('of several clarify commands the first is kept', () => {
    const run = runScript(a, [say({ command: 'clarify', options: ['transfer_money', 'check_balance'] }, { command: 'clarify', options: ['weather', 'opening_hours'] })]);
    expect(run.texts[0]).toEqual(["I'd like to help. Did you want to transfer money or check balance?"]);
  });

  it('cannot handle is removed when other commands remain', () => {
    const run = runScript(a, [say({ command: 'cannot handle' }, { command: 'start flow', flow: 'check_balance' })]);
    expect(run.texts[0]).toEqual(['Which account?']);
  });

  it('at most one repeat per turn', () => {
    const run = runScript(a, [start('opening_hours'), say({ command: 'repeat' }, { command: 'repeat' })]);
    expect(flowIdsOf(run, 'flow_started').filter((id) => id === 'pattern_repeat_bot_messages')).toHaveLength(1);
  });

  it('with no active flow the StartFlow runs before the SetSlots that fill it', () => {
    const run = runScript(a, [say({ command: 'set slot', name: 'account_type', value: 'savings' }, { command: 'start flow', flow: 'check_balance' })]);
    expect(run.state.slots.account_type).toBe('Savings');
    expect(lastEffect(run)).toEqual({ type: 'run_action', name: 'action_fetch_balance' });
  });

  it('with no active flow and several starts, the first predicted flow runs first and the others follow', () => {
    const run = runScript(a, [say({ command: 'start flow', flow: 'opening_hours' }, { command: 'start flow', flow: 'check_balance' })]);
    expect(run.texts[0]).toEqual(['We are open 9 to 5.', 'Which account?']);
  });

  it('force_slot_filling keeps only the SetSlot for the slot being asked', () => {
    const forced = assistantFromYaml({
      domain: 'slots:\n  note: { type: text }\n  mood: { type: text }\nresponses:\n  utter_ask_note: [ { text: "Your note?" } ]\n  utter_saved: [ { text: "Saved: {note}." } ]\n',
      flows: 'flows:\n  jot:\n    description: jot\n    steps:\n      - collect: note\n        force_slot_filling: true\n      - action: utter_saved\n',
    });
    const run = runScript(forced, [start('jot'), say({ command: 'set slot', name: 'note', value: 'cancel the milk' }, { command: 'cancel flow' }, { command: 'chitchat' })]);
    expect(run.texts[1]![0]).toBe('Saved: cancel the milk.');
    expect(eventsNamed(run, 'flow_cancelled')).toEqual([]);
  });

  it('force_slot_filling with no SetSlot for the slot drops everything and asks again', () => {
    const forced = assistantFromYaml({
      domain: 'slots:\n  note: { type: text }\nresponses:\n  utter_ask_note: [ { text: "Your note?" } ]\n',
      flows: 'flows:\n  jot:\n    description: jot\n    steps:\n      - collect: note\n        force_slot_filling: true\n',
    });
    const run = runScript(forced, [start('jot'), say({ command: 'human handoff' })]);
    expect(run.texts[1]).toEqual(['Your note?']);
  });
});

describe('agent command cleanup', () => {
  const asked = [start('book_trip'), agentDone('trip_agent', { status: 'input_required', response_message: 'Where to?' })];

  it('restart agent is dropped for an agent that never completed', () => {
    const run = runScript(a, [say({ command: 'restart agent', agent_id: 'trip_agent' })]);
    expect(lastEffect(run)).toEqual({ type: 'listen' });
    expect(run.state.stack).toEqual([]);
  });

  it('restart agent is dropped for an unknown agent', () => {
    const run = runScript(a, [say({ command: 'restart agent', agent_id: 'ghost' })]);
    expect(run.state.stack).toEqual([]);
  });

  it('continue agent is dropped when no agent is active', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'continue agent' })]);
    expect(run.texts[1]).toEqual(['Which account?']);
  });

  it('while an agent is active, cannot handle becomes continue agent', () => {
    const run = runScript(a, [...asked, say({ command: 'cannot handle' })]);
    expect(lastEffect(run)).toMatchObject({ type: 'call_agent', agentId: 'trip_agent' });
    expect(run.texts[2]).toEqual([]);
  });

  it('while an agent is active, an empty command list continues the agent', () => {
    const run = runScript(a, [...asked, say()]);
    expect(lastEffect(run)).toMatchObject({ type: 'call_agent', agentId: 'trip_agent' });
  });

  it('while an agent is active, chitchat is still answered by its pattern', () => {
    const run = runScript(a, [...asked, say({ command: 'chitchat' })]);
    expect(run.texts[2]![0]).toBe(CANNOT_HANDLE);
  });
});
