import { describe, expect, it } from 'vitest';
import { scenarioAssistant } from '../../../../test/engine/scenario-fixtures.ts';
import { actionDone, expectReplayable, flowsOnStack, set, start } from '../../../../test/engine/script-helpers.ts';
import { runScript, type ScriptItem } from '../testing.ts';

const a = scenarioAssistant();

/** transfer_money interrupted by check_balance, whose balance action has just set `slots`. */
const interruptedTransfer = (slots: Readonly<Record<string, unknown>> = {}): ScriptItem[] => [
  start('transfer_money'),
  set('recipient', 'Ann'),
  start('check_balance'),
  set('account_type', 'Savings'),
  actionDone('action_fetch_balance', slots),
];

describe('conversation repair', () => {
  it('correcting an earlier slot rewinds to its collect and re-runs later steps', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 50), set('recipient', 'Bob')]);
    expect(run.texts[3]).toEqual(["Got it, I've updated that.", 'Send 50 to Bob?']);
    expect(run.state.slots.recipient).toBe('Bob');
    expect(run.events.some((e) => e.event === 'flow_completed' && e.flow_id === 'pattern_correction')).toBe(true);
    expectReplayable(a, run);
  });

  it('correcting a slot of the called child while the parent asks', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), set('amount', 50), set('amount', 70), set('confirmed', true)]);
    expect(run.texts[3]).toEqual(["Got it, I've updated that.", 'Send 70 to Ann?']);
    expect(run.texts[4]![0]).toBe('Sent 70 to Ann.');
  });

  it('cancel inside a called child cancels the parent', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), { commands: [{ command: 'cancel flow' }] }]);
    expect(run.texts[2]![0]).toBe("All right, I've stopped transfer money.");
    expect(flowsOnStack(run)).toEqual(['pattern_completed', 'pattern_collect_information']);
    expect(run.events.some((e) => e.event === 'flow_cancelled' && e.flow_id === 'transfer_money')).toBe(true);
    expect(run.state.slots.recipient).toBeNull();
    expectReplayable(a, run);
  });

  it('an interrupting flow ends, the assistant offers to resume, "yes" resumes', () => {
    const run = runScript(a, [...interruptedTransfer({ balance: 5 }), set('continue_interrupted_flow_confirmation', true)]);
    expect(run.texts[2]).toEqual(['Which account?']);
    expect(run.texts[4]).toEqual(['Your Savings balance is 5.', 'Shall we pick up transfer money again?']);
    expect(run.texts[5]).toEqual(['How much?']);
    expect(run.events.some((e) => e.event === 'flow_interrupted' && e.flow_id === 'transfer_money')).toBe(true);
    expectReplayable(a, run);
  });

  it('"no" to resuming cancels the interrupted flow', () => {
    const run = runScript(a, [...interruptedTransfer(), set('continue_interrupted_flow_confirmation', false)]);
    expect(run.texts[5]![0]).toBe("All right, I've stopped transfer money.");
    expect(run.state.stack.some((f) => 'flow_id' in f && f.flow_id === 'transfer_money')).toBe(false);
  });

  it('starting the interrupted flow again also resumes it', () => {
    const run = runScript(a, [...interruptedTransfer(), start('transfer_money')]);
    expect(run.texts[5]).toEqual(['How much?']);
  });

  it('clarification lists the candidate flows by name, then the user picks one', () => {
    const run = runScript(a, [{ commands: [{ command: 'clarify', options: ['transfer_money', 'check_balance'] }] }, start('check_balance')]);
    expect(run.texts[0]).toEqual(['I\'d like to help. Did you want to transfer money or check balance?']);
    expect(run.texts[1]).toEqual(['Which account?']);
  });

  it('a flow guard blocks a start; a true guard allows it', () => {
    const blocked = runScript(a, [start('premium_lounge')]);
    expect(blocked.texts[0]).toEqual([]);
    expect(blocked.state.stack).toEqual([]);
    const guardedChild = runScript(a, [start('ask_amount')]);
    expect(guardedChild.state.stack).toEqual([]);
    const premium = scenarioAssistant({ domain: (t) => t.replace('is_premium: { type: bool, initial_value: false }', 'is_premium: { type: bool, initial_value: true }') });
    expect(runScript(premium, [start('premium_lounge')]).texts[0]![0]).toBe('Welcome, premium customer.');
  });

  it('a code change mid-flow informs the user and cleans the stack', () => {
    const before = runScript(a, [start('transfer_money')]);
    const changed = scenarioAssistant({ flows: (t) => t.replace('description: send money to someone', 'description: send money (v2)') });
    const after = runScript(changed, [set('recipient', 'Ann')], { state: before.state });
    expect(after.texts[0]![0]).toBe("I've just been updated, so I have to end what we were doing and start over.");
    expect(after.state.stack.some((f) => 'flow_id' in f && f.flow_id === 'transfer_money')).toBe(false);
    expect(after.state.slots.recipient).toBeNull();
  });

  it('controlled slots reject values from the LLM (cannot handle), button payloads may set them', () => {
    const run = runScript(a, [start('transfer_money'), set('vip_code', 'X')]);
    expect(run.state.slots.vip_code).toBeNull();
    expect(run.texts[1]).toEqual(["Sorry, I didn't quite get that. Could you say it another way?", 'Who should receive it?']);
  });

  it('skip question, human handoff, chitchat and knowledge use their patterns and return to the flow', () => {
    const run = runScript(a, [start('transfer_money'), { commands: [{ command: 'skip question' }] }, { commands: [{ command: 'human handoff' }] }, { commands: [{ command: 'chitchat' }] }]);
    expect(run.texts[1]).toEqual(['I need an answer to this one before we can go on.', 'Who should receive it?']);
    expect(run.texts[2]![0]).toContain("can't connect you to a person");
    expect(run.texts[3]![0]).toBe("Sorry, that's not something I can help with.");
  });

  it('cannot handle asks to rephrase; errors explain themselves', () => {
    const run = runScript(a, [{ commands: [{ command: 'cannot handle' }] }, { commands: [{ command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 10 } }] }]);
    expect(run.texts[0]).toEqual(["Sorry, I didn't quite get that. Could you say it another way?"]);
    expect(run.texts[1]![0]).toContain('10 characters');
  });

  it('repeat says the previous turn again', () => {
    const run = runScript(a, [start('transfer_money'), { commands: [{ command: 'repeat' }] }]);
    expect(run.texts[1]![0]).toBe('Who should receive it?');
  });

  it('session start carries slots over and stores the metadata', () => {
    const run = runScript(a, [start('open_ticket'), { session: { locale: 'de' } }]);
    expect(run.state.slots.last_ticket).toBe('T-1');
    expect(run.state.slots.session_started_metadata).toEqual({ locale: 'de' });
    expect(run.state.stack).toEqual([]);
    expectReplayable(a, run);
  });

  it('restart resets the conversation', () => {
    const run = runScript(a, [start('transfer_money'), set('recipient', 'Ann'), { commands: [{ command: 'restart' }] }]);
    expect(run.state.slots.recipient).toBeNull();
    expect(run.state.stack).toEqual([]);
  });
});
