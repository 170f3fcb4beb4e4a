import { describe, expect, it } from 'vitest';
import { assistantFromYaml } from '../../../../test/engine/project-fixture.ts';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { actionDone, eventsNamed, expectReplayable, flowIdsOf, flowsOnStack, say, set, start } from '../../../../test/engine/script-helpers.ts';
import { lastEffect, runScript } from '../testing.ts';

const a = scenarioAssistant();
const REPHRASE = "Sorry, I didn't quite get that. Could you say it another way?";
const CANNOT_HANDLE = "Sorry, that's not something I can help with.";
const INTERNAL_ERROR = 'Sorry, something went wrong on my side. Please try again in a little while.';
const ANYTHING_ELSE = 'Is there anything else you need?';

describe('pattern_collect_information', () => {
  it('asks with the collect utterance, listens, and ends once the slot is filled', () => {
    const run = runScript(a, [start('check_balance')]);
    expect(run.texts[0]).toEqual(['Which account?']);
    expect(flowsOnStack(run)).toEqual(['check_balance', 'pattern_collect_information']);
    expect(run.state.stack[1]).toMatchObject({ context: { collect: 'account_type', utter: 'utter_ask_account_type', collect_action: 'action_ask_account_type' } });
    expect(run.state.latest_action_name).toBe('action_listen');
    const answered = runScript(a, [set('account_type', 'Checking')], { state: run.state });
    expect(flowIdsOf(answered, 'flow_completed')).toContain('pattern_collect_information');
  });

  it('asks through a custom `action_ask_<slot>` when the domain declares it', () => {
    const custom = assistantFromYaml({
      domain: 'slots:\n  city: { type: text }\nactions:\n  - action_ask_city\n',
      flows: 'flows:\n  trip:\n    description: trip\n    steps:\n      - collect: city\n',
    });
    const run = runScript(custom, [start('trip')]);
    expect(lastEffect(run)).toEqual({ type: 'run_action', name: 'action_ask_city' });
    const after = runScript(custom, [actionDone('action_ask_city')], { state: run.state });
    expect(after.state.latest_action_name).toBe('action_listen');
  });

  it('a collect with neither a question nor an initial value cancels the flow with an internal error', () => {
    const broken = assistantFromYaml({
      domain: 'slots:\n  city: { type: text }\nresponses:\n  utter_ask_city: [ { text: "City?" } ]\n',
      flows: 'flows:\n  trip:\n    description: trip\n    steps:\n      - collect: city\n',
    });
    const unaskable = { ...broken, domain: { ...broken.domain, responses: Object.fromEntries(Object.entries(broken.domain.responses).filter(([k]) => k !== 'utter_ask_city')) } };
    const run = runScript(unaskable, [start('trip')]);
    expect(run.texts[0]).toContain(INTERNAL_ERROR);
    expect(flowIdsOf(run, 'flow_started')).toContain('pattern_cancel_flow');
    expect(run.state.stack.some((f) => 'flow_id' in f && f.flow_id === 'trip')).toBe(false);
  });
});

describe('pattern_continue_interrupted', () => {
  const interruptTwice = [start('transfer_money'), set('recipient', 'Ann'), start('check_balance'), start('opening_hours')];

  it('with several interrupted flows asks which one to resume and resumes the chosen one', () => {
    const run = runScript(a, [...interruptTwice, set('interrupted_flow_to_continue', 'transfer_money')]);
    expect(run.texts[3]).toEqual(['We are open 9 to 5.', 'Which one should we get back to: transfer money and check balance?']);
    expect(run.state.stack.length).toBeGreaterThan(0);
    expect(run.texts[4]).toEqual(['How much?']);
    expect(flowIdsOf(run, 'flow_resumed')).toContain('transfer_money');
    expect(run.state.slots.interrupted_flow_to_continue).toBeNull();
    expectReplayable(a, run);
  });

  it('"none" cancels every interrupted flow', () => {
    const run = runScript(a, [...interruptTwice, set('interrupted_flow_to_continue', 'none')]);
    expect(flowIdsOf(run, 'flow_cancelled').sort()).toEqual(['check_balance', 'transfer_money']);
    expect(run.state.stack.some((f) => f.type === 'flow')).toBe(false);
    expectReplayable(a, run);
  });

  it('declining to resume stops the interrupted flow under its readable name', () => {
    const named = assistantFromYaml({
      domain: 'slots:\n  recipient: { type: text }\nresponses:\n  utter_ask_recipient: [ { text: "Who?" } ]\n  utter_hours: [ { text: "Open 9 to 5." } ]\n',
      flows: 'flows:\n  transfer_money:\n    name: transfer money\n    description: send money\n    steps:\n      - collect: recipient\n  opening_hours:\n    name: opening hours\n    description: hours\n    steps:\n      - action: utter_hours\n',
    });
    const run = runScript(named, [start('transfer_money'), start('opening_hours'), set('continue_interrupted_flow_confirmation', false)]);
    expect(run.texts[1]).toEqual(['Open 9 to 5.', 'Shall we pick up transfer money again?']);
    expect(run.texts[2]![0]).toBe("All right, I've stopped transfer money.");
    expect(run.state.stack.at(-2)).toMatchObject({ flow_id: 'pattern_completed' });
  });

  it.each([
    ['resuming', true],
    ['declining', false],
  ])('%s clears both helper slots, and the pattern resets them again when it ends, as Rasa', (_, answer) => {
    const run = runScript(a, [start('transfer_money'), start('opening_hours'), set('continue_interrupted_flow_confirmation', answer)]);
    const helpers = run.transitions[2]!.events.filter((e) => e.event === 'slot' && (e.name === 'continue_interrupted_flow_confirmation' || e.name === 'interrupted_flow_to_continue'));
    expect(helpers.map((e) => e.event === 'slot' && [e.name, e.value])).toEqual([
      ['continue_interrupted_flow_confirmation', answer],
      ['interrupted_flow_to_continue', null],
      ['continue_interrupted_flow_confirmation', null],
      ['interrupted_flow_to_continue', null],
      ['continue_interrupted_flow_confirmation', null],
    ]);
    expectReplayable(a, run);
  });

  it('a single interrupted flow is offered as a yes/no question', () => {
    const run = runScript(a, [start('transfer_money'), start('opening_hours')]);
    expect(run.texts[1]).toEqual(['We are open 9 to 5.', 'Shall we pick up transfer money again?']);
    expect(run.state.stack.at(-2)).toMatchObject({ flow_id: 'pattern_continue_interrupted', context: { multiple_flows_interrupted: false, interrupted_flow_ids: ['transfer_money'] } });
  });
});

describe('pattern_correction', () => {
  const pizza = assistantFromYaml({
    domain: `slots:\n  size: { type: text }\n  topping: { type: text }\nresponses:\n  utter_ask_size: [ { text: "Which size?" } ]\n  utter_ask_topping: [ { text: "Which topping?" } ]\n  utter_order: [ { text: "A {size} pizza with {topping}." } ]\n`,
    flows: `flows:\n  order_pizza:\n    description: order a pizza\n    steps:\n      - collect: size\n        ask_before_filling: true\n      - collect: topping\n      - action: utter_order\n`,
  });

  it('correcting an ask_before_filling slot only resets: the question is asked again, nothing is confirmed', () => {
    const run = runScript(pizza, [start('order_pizza'), set('size', 'large'), set('size', 'small')]);
    expect(run.texts[2]).toEqual(['Which size?']);
    const correction = eventsNamed(run, 'stack').map((e) => e.update).find((u) => u.includes('pattern_correction'));
    expect(correction).toContain('"is_reset_only":true');
    expect(run.state.slots.size).toBeNull();
    expectReplayable(pizza, run);
  });

  it('a second correction while one runs is queued below it and both apply', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 50), say({ command: 'set slot', name: 'recipient', value: 'Bob' }, { command: 'set slot', name: 'amount', value: 60 })]);
    expect(run.state.slots).toMatchObject({ recipient: 'Bob', amount: 60 });
    expect(run.texts[3]).toEqual(["Got it, I've updated that.", 'Send 60 to Bob?']);
  });
});

describe('pattern_cancel_flow', () => {
  it('cancel with no active flow does nothing', () => {
    const run = runScript(a, [say({ command: 'cancel flow' })]);
    expect(run.texts[0]).toEqual([]);
    expect(eventsNamed(run, 'flow_cancelled')).toEqual([]);
    expect(run.state.stack).toEqual([]);
  });

  it('cancelling resets the flow’s collected slots and offers further help', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'cancel flow' })]);
    expect(run.texts[1]).toEqual(["All right, I've stopped check balance.", ANYTHING_ELSE]);
    expect(flowIdsOf(run, 'flow_cancelled')).toEqual(['check_balance']);
    expectReplayable(a, run);
  });
});

describe('pattern_skip_question, pattern_human_handoff, pattern_chitchat, pattern_search', () => {
  it('skip question refuses and asks again', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'skip question' })]);
    expect(run.texts[1]).toEqual(['I need an answer to this one before we can go on.', 'Which account?']);
  });

  it('skip question outside a flow is ignored', () => {
    const run = runScript(a, [say({ command: 'skip question' })]);
    expect(run.texts[0]).toEqual([]);
  });

  it('human handoff says no agent is available, then returns to the question', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'human handoff' })]);
    expect(run.texts[1]).toEqual(["I can't connect you to a person right now. Is there something else I can do for you?", 'Which account?']);
    expect(run.events.some((e) => e.event === 'action' && e.name === 'action_handoff_metric')).toBe(true);
  });

  it('chitchat answers with the default pattern', () => {
    const run = runScript(a, [say({ command: 'chitchat' })]);
    expect(run.texts[0]).toEqual([CANNOT_HANDLE]);
    expect(flowIdsOf(run, 'flow_started')).toEqual(['pattern_chitchat']);
  });

  it('chitchat with a pattern using action_trigger_chitchat and no IntentlessPolicy becomes cannot handle (chitchat)', () => {
    const triggering = assistantFromYaml({ flows: 'flows:\n  pattern_chitchat:\n    description: chitchat\n    steps:\n      - action: action_trigger_chitchat\n' });
    const run = runScript(triggering, [say({ command: 'chitchat' })]);
    expect(flowIdsOf(run, 'flow_started')).toEqual(['pattern_cannot_handle']);
    expect(run.texts[0]).toEqual([CANNOT_HANDLE]);
  });

  it('knowledge questions run pattern_search, which like a user flow ends in pattern_completed', () => {
    const run = runScript(a, [say({ command: 'knowledge' })]);
    expect(run.texts[0]).toEqual(["Sorry, I can't look that up: I have no knowledge base to search.", ANYTHING_ELSE]);
    expect(flowIdsOf(run, 'flow_started')).toContain('pattern_search');
  });

  it('a knowledge question during a collect step re-asks the pending question instead of offering to pick the flow up again', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'knowledge' })]);
    expect(run.texts[1]).toEqual(["Sorry, I can't look that up: I have no knowledge base to search.", 'Which account?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_continue_interrupted');
    expect(flowsOnStack(run)).toEqual(['check_balance', 'pattern_collect_information']);
    expectReplayable(a, run);
  });

  it('chitchat during a collect step re-asks the pending question', () => {
    const run = runScript(a, [start('check_balance'), say({ command: 'chitchat' })]);
    expect(run.texts[1]).toEqual([CANNOT_HANDLE, 'Which account?']);
    expect(flowIdsOf(run, 'flow_started')).not.toContain('pattern_continue_interrupted');
  });
});

describe('pattern_completed and pattern_customer_satisfaction', () => {
  it('"yes" to anything else offers more help', () => {
    const run = runScript(a, [start('opening_hours'), set('continue_conversation', true)]);
    expect(run.texts[0]).toEqual(['We are open 9 to 5.', ANYTHING_ELSE]);
    expect(run.texts[1]).toEqual(['Sure, what would you like to do?']);
    expect(run.state.stack).toEqual([]);
  });

  it('"no" says goodbye and asks for feedback; a button payload answers it', () => {
    const run = runScript(a, [start('opening_hours'), set('continue_conversation', false), set('csat_score', 'satisfied', 'COMMAND_PAYLOAD_READER')]);
    expect(run.texts[1]).toEqual(["All right. I'm here if you need anything later.", 'How did this conversation go for you?']);
    expect(run.transitions[1]!.messages[1]!.buttons).toHaveLength(2);
    expect(run.texts[2]).toEqual(['Thanks for the feedback, glad it went well!']);
    expect(run.state.stack).toEqual([]);
    expectReplayable(a, run);
  });
});

describe('pattern_clarification', () => {
  it('with no valid options nothing is pushed', () => {
    const run = runScript(a, [say({ command: 'clarify', options: ['nope', 'nada'] })]);
    expect(run.texts[0]).toEqual([]);
    expect(run.state.stack).toEqual([]);
  });

  it('an overridden pattern with empty names asks an open question', () => {
    const run = runScript(a, [say({ command: 'clarify', options: ['transfer_money', 'opening_hours'] })]);
    expect(run.texts[0]).toEqual(["I'd like to help. Did you want to transfer money or opening hours?"]);
  });
});

describe('pattern_internal_error', () => {
  it.each([
    ['rasa_internal_error_default', {}, INTERNAL_ERROR],
    ['rasa_internal_error_user_input_too_long', { max_characters: 420 }, 'That message is too long for me. Please keep it under 420 characters.'],
    ['rasa_internal_error_user_input_too_long', {}, 'That message is too long for me. Please keep it under a few hundred characters.'],
    ['rasa_internal_error_user_input_empty', {}, 'Your message was empty. What can I do for you?'],
    ['some_unknown_error', {}, INTERNAL_ERROR],
  ])('%s %j', (errorType, info, text) => {
    const run = runScript(a, [say({ command: 'error', error_type: errorType, info })]);
    expect(run.texts[0]).toEqual([text]);
  });
});

describe('pattern_cannot_handle', () => {
  it.each([
    [undefined, REPHRASE],
    ['cannot_handle_default', REPHRASE],
    ['cannot_handle_chitchat', CANNOT_HANDLE],
    ['cannot_handle_not_supported', CANNOT_HANDLE],
    ['cannot_handle_no_relevant_answer', "Sorry, I couldn't find an answer to that."],
    ['cannot_handle_invalid_intent', REPHRASE],
  ])('reason %s', (reason, text) => {
    const run = runScript(a, [say({ command: 'cannot handle', ...(reason ? { reason } : {}) })]);
    expect(run.texts[0]).toEqual([text]);
  });
});

describe('pattern_repeat_bot_messages', () => {
  it('repeats the bot messages of the previous turn except the pending question, which the collect asks again once', () => {
    const run = runScript(a, [start('opening_hours'), say({ command: 'repeat' })]);
    expect(run.texts[1]).toEqual(['We are open 9 to 5.', ANYTHING_ELSE]);
  });

  it('while a collect waits, the question is sent once', () => {
    const run = runScript(a, [start('transfer_money'), say({ command: 'repeat' })]);
    expect(run.texts[1]).toEqual(['Who should receive it?']);
    expect(flowIdsOf(run, 'flow_started')).toContain('pattern_repeat_bot_messages');
    expect(eventsNamed(run, 'action').map((e) => e.name)).toContain('action_repeat_bot_messages');
  });

  it('outside a collect every message of the previous turn is repeated', () => {
    const run = runScript(a, [say({ command: 'cannot handle' }), say({ command: 'repeat' })]);
    expect(run.state.stack).toEqual([]);
    expect(run.texts[1]).toEqual([REPHRASE]);
  });
});

describe('pattern_session_start and pattern_restart', () => {
  it('an overridden pattern_session_start greets after starting the session', () => {
    const greeting = assistantFromYaml({
      domain: 'responses:\n  utter_greet: [ { text: "Hello!" } ]\n',
      flows: 'flows:\n  pattern_session_start:\n    description: greet\n    steps:\n      - action: action_session_start\n      - action: utter_greet\n',
    });
    const run = runScript(greeting, [{ session: null }]);
    expect(run.texts[0]).toEqual(['Hello!']);
    expect(eventsNamed(run, 'session_started')).toHaveLength(1);
    expect(run.state.stack).toEqual([]);
  });

  it('session start without carry-over resets every slot', () => {
    const fresh = assistantFromYaml({
      domain: 'session_config:\n  carry_over_slots_to_new_session: false\nslots:\n  note: { type: text }\n',
      flows: 'flows:\n  jot:\n    description: jot\n    persisted_slots: [note]\n    steps:\n      - set_slots:\n          - note: hi\n',
    });
    const run = runScript(fresh, [start('jot'), { session: null }]);
    expect(run.state.slots.note).toBeNull();
  });

  it('slots set by commands after a session start record their extractor again and replay', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), say({ command: 'session start' }), start('weather'), set('city', 'Oslo')]);
    expect(run.state.slot_filled_by).toEqual({ city: 'LLM' });
    expectReplayable(a, run);
  });

  it('restart emits a restart event and forgets the conversation', () => {
    const run = runScript(a, [start('open_ticket'), say({ command: 'restart' })]);
    expect(eventsNamed(run, 'restart')).toHaveLength(1);
    expect(run.state.slots.last_ticket).toBeNull();
    expect(run.state.stack).toEqual([]);
    expectReplayable(a, run);
  });
});

describe('pattern_code_change', () => {
  it('a removed flow on the stack counts as changed', () => {
    const before = runScript(a, [start('check_balance')]);
    const removed = scenarioAssistant({ flows: (t) => t.replace(/ {2}check_balance:[\s\S]*?(?= {2}premium_lounge:)/, '').replace('      - link: check_balance\n', '') });
    const after = runScript(removed, [set('account_type', 'Savings')], { state: before.state });
    expect(after.texts[0]![0]).toBe("I've just been updated, so I have to end what we were doing and start over.");
    expect(after.state.stack.some((f) => 'flow_id' in f && f.flow_id === 'check_balance')).toBe(false);
  });

  it('flow_hashes keeps short fingerprints; full ones stored by earlier versions still count as unchanged', () => {
    const before = runScript(a, [start('check_balance')]);
    const hashes = before.state.slots.flow_hashes as Record<string, string>;
    expect(hashes.check_balance).toBe(a.flows.check_balance!.fingerprint.slice(0, 8));
    const legacy = { ...before.state, slots: { ...before.state.slots, flow_hashes: Object.fromEntries(Object.values(a.flows).map((f) => [f.id, f.fingerprint])) } };
    const after = runScript(a, [set('account_type', 'Savings')], { state: legacy });
    expect(lastEffect(after)).toEqual({ type: 'run_action', name: 'action_fetch_balance' });
    expect(eventsNamed(after, 'slot').find((e) => e.name === 'flow_hashes')?.value).toEqual(hashes);
  });

  it('unchanged flows keep running after a reload', () => {
    const before = runScript(a, [start('check_balance')]);
    const after = runScript(scenarioAssistant(), [set('account_type', 'Savings')], { state: before.state });
    expect(lastEffect(after)).toEqual({ type: 'run_action', name: 'action_fetch_balance' });
  });
});

describe('Jinja responses in patterns', () => {
  it('a Jinja utter_corrected_previous_input lists the corrected slots from the correction context', () => {
    const jinja = assistantFromYaml({
      domain: `slots:
  size: { type: text }
  topping: { type: text }
responses:
  utter_ask_size: [ { text: "Which size?" } ]
  utter_ask_topping: [ { text: "Which topping?" } ]
  utter_corrected_previous_input:
    - text: "Ok, updating {{ context.corrected_slots.keys()|join(', ') }} to {{ context.corrected_slots.values()|join(', ') }}.{% if context.corrected_slots|length > 1 %} Several!{% endif %}"
      metadata: { template: jinja }
`,
      flows: 'flows:\n  order_pizza:\n    description: order a pizza\n    steps:\n      - collect: size\n      - collect: topping\n',
    });
    const run = runScript(jinja, [start('order_pizza'), set('size', 'large'), set('size', 'small')]);
    expect(run.texts[2]![0]).toBe('Ok, updating size to small.');
  });
});

describe('pattern_validate_slot', () => {
  const validated = assistantFromYaml({
    domain: `slots:
  email:
    type: text
    validation:
      rejections:
        - if: not (slots.email matches ".+@.+")
          utter: utter_invalid_email
      refill_utter: utter_ask_email_again
responses:
  utter_ask_email: [ { text: "Your email?" } ]
  utter_ask_email_again: [ { text: "Which email, again?" } ]
  utter_invalid_email: [ { text: "That is not an email." } ]
  utter_thanks: [ { text: "Thanks, {email}." } ]
`,
    flows: 'flows:\n  newsletter:\n    description: subscribe\n    steps:\n      - collect: email\n      - action: utter_thanks\n',
  });

  it('a value failing the domain validation is rejected and refilled', () => {
    const run = runScript(validated, [start('newsletter'), set('email', 'nope')]);
    expect(run.texts[1]).toEqual(['That is not an email.', 'Which email, again?']);
    expect(run.state.slots.email).toBeNull();
    expectReplayable(validated, run);
  });

  it('a valid value passes and the flow goes on', () => {
    const run = runScript(validated, [start('newsletter'), set('email', 'ann@example.com')]);
    expect(run.texts[1]).toEqual(['Thanks, ann@example.com.', ANYTHING_ELSE]);
  });

  const twoSteps = assistantFromYaml({
    domain: `slots:
  amount:
    type: float
    validation:
      rejections:
        - if: slots.amount > 1000
          utter: utter_too_much
      refill_utter: utter_ask_amount_again
  recipient: { type: text }
responses:
  utter_ask_amount: [ { text: "How much?" } ]
  utter_ask_amount_again: [ { text: "How much, at most 1000?" } ]
  utter_ask_recipient: [ { text: "To whom?" } ]
  utter_too_much: [ { text: "That is too much." } ]
  utter_sent: [ { text: "Sent {amount} to {recipient}." } ]
`,
    flows: 'flows:\n  send:\n    description: send money\n    steps:\n      - collect: amount\n      - collect: recipient\n      - action: utter_sent\n',
  });

  it('a corrected value is validated again after action_correct_flow_slot and rejected', () => {
    const run = runScript(twoSteps, [start('send'), set('amount', 50), set('amount', 5000)]);
    expect(run.texts[2]).toEqual(["Got it, I've updated that.", 'That is too much.', 'How much, at most 1000?']);
    expect(run.state.slots.amount).toBeNull();
    const correctIndex = run.events.findIndex((e) => e.event === 'action' && e.name === 'action_correct_flow_slot');
    const validateIndex = run.events.findLastIndex((e) => e.event === 'flow_started' && e.flow_id === 'pattern_validate_slot');
    expect(validateIndex).toBeGreaterThan(correctIndex);
    expectReplayable(twoSteps, run);
  });

  it('a valid correction passes validation and the flow goes on', () => {
    const run = runScript(twoSteps, [start('send'), set('amount', 50), set('amount', 70), set('recipient', 'Ann')]);
    expect(run.texts[2]).toEqual(["Got it, I've updated that.", 'To whom?']);
    expect(run.texts[3]).toEqual(['Sent 70 to Ann.', ANYTHING_ELSE]);
  });
});

describe('pattern_user_silence', () => {
  const silence = say({ command: 'user silence' });

  it('first timeout repeats, second asks if the user is there, third hangs up', () => {
    const run = runScript(a, [start('check_balance'), silence, silence, silence]);
    expect(run.texts[1]).toEqual(['Which account?']);
    expect(run.texts[2]).toEqual(['Are you still with me?', 'Which account?']);
    expect(run.texts[3]![0]).toBe("I haven't heard from you, so I'll end the call now.");
    expect(eventsNamed(run, 'session_ended')).toHaveLength(1);
    expect(run.state.slots.consecutive_silence_timeouts).toBe(2);
  });
});
