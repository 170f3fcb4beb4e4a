import { describe, expect, it } from 'vitest';
import type { Command } from '../../core/commands.ts';
import type { ConversationState } from '../../core/state.ts';
import { createOfflineCommandGenerator } from './offline-command-generator.ts';
import { bankAssistant, collect, flow } from './testing/bank-assistant.ts';
import { collectingState, idleState, stateWith } from './testing/dialogue-states.ts';

const assistant = bankAssistant({
  flows: [flow('schedule_payment', 'Schedule a payment for a later date.', [collect('payment_date'), collect('account_type')])],
  slots: { payment_date: { type: 'text', description: 'the date of the payment' }, account_type: { type: 'categorical', values: ['checking', 'savings'] } },
  synonyms: [{ value: 'checking', synonyms: ['current account'] }],
});
const generator = createOfflineCommandGenerator(assistant, undefined, { now: () => new Date(2025, 5, 2, 12) });

async function commands(text: string, state: ConversationState = idleState()): Promise<readonly Command[]> {
  return (await generator.predict({ assistant, state, text })).commands;
}

const llmSlot = (name: string, value: unknown): Command => ({ command: 'set slot', name, value, extractor: 'LLM' });

describe('offline command generator', () => {
  it('starts flows from paraphrases and extracts mentioned slot values', async () => {
    expect(await commands('I want to send money')).toEqual([{ command: 'start flow', flow: 'transfer_money' }]);
    expect(await commands('send 50 dollars to John')).toEqual([
      { command: 'start flow', flow: 'transfer_money' },
      llmSlot('recipient', 'John'),
      llmSlot('amount', 50),
    ]);
    expect(await commands("what's my balance?")).toEqual([{ command: 'start flow', flow: 'check_balance' }]);
  });

  it('clarifies between two close flows', async () => {
    expect(await commands('contacts')).toEqual([{ command: 'clarify', options: ['list_contacts', 'add_contact'] }]);
  });

  it('answers chitchat and cannot-handle for everything else', async () => {
    expect(await commands('how are you?')).toEqual([{ command: 'chitchat' }]);
    expect(await commands('what is the capital of France')).toEqual([{ command: 'cannot handle' }]);
    expect(await commands('yes')).toEqual([{ command: 'cannot handle' }]);
  });

  it('fills the slot being collected by its type', async () => {
    expect(await commands('two hundred and fifty', collectingState('transfer_money', 'amount'))).toEqual([llmSlot('amount', 250)]);
    expect(await commands('yep', collectingState('transfer_money', 'confirm_transfer'))).toEqual([llmSlot('confirm_transfer', true)]);
    expect(await commands('nope', collectingState('transfer_money', 'confirm_transfer'))).toEqual([llmSlot('confirm_transfer', false)]);
    expect(await commands("it's Mary Smith", collectingState('transfer_money', 'recipient'))).toEqual([llmSlot('recipient', 'Mary Smith')]);
    expect(await commands('next friday', collectingState('schedule_payment', 'payment_date'))).toEqual([llmSlot('payment_date', '2025-06-13')]);
    expect(await commands('my current account', collectingState('schedule_payment', 'account_type'))).toEqual([llmSlot('account_type', 'checking')]);
  });

  it('does not read an unparsable answer to a typed slot as a value', async () => {
    expect(await commands('banana', collectingState('transfer_money', 'amount'))).toEqual([{ command: 'cannot handle' }]);
  });

  it('turns corrections into set slot commands on the filled slot', async () => {
    const confirming = collectingState('transfer_money', 'confirm_transfer', { recipient: 'John', amount: 50 });
    expect(await commands('actually make it 100', confirming)).toEqual([llmSlot('amount', 100)]);
    expect(await commands('no, I meant 100', confirming)).toEqual([llmSlot('amount', 100)]);
    expect(await commands('change the recipient to Mary', confirming)).toEqual([llmSlot('recipient', 'Mary')]);
    expect(await commands('no', confirming)).toEqual([llmSlot('confirm_transfer', false)]);
  });

  it('recognises cancel, skip, repeat and human handoff', async () => {
    const asking = collectingState('transfer_money', 'recipient');
    expect(await commands('never mind', asking)).toEqual([{ command: 'cancel flow' }]);
    expect(await commands('skip this question', asking)).toEqual([{ command: 'skip question' }]);
    expect(await commands('say that again', asking)).toEqual([{ command: 'repeat' }]);
    expect(await commands('I want to talk to a human', asking)).toEqual([{ command: 'human handoff' }]);
  });

  it('starts another flow while a slot is collected (digression), but not the active flow again', async () => {
    expect(await commands('what is my balance?', collectingState('transfer_money', 'amount'))).toEqual([{ command: 'start flow', flow: 'check_balance' }]);
    expect(await commands('send it to Bob', collectingState('transfer_money', 'recipient'))).toEqual([llmSlot('recipient', 'Bob')]);
  });

  it('answers pattern_continue_interrupted questions', async () => {
    const interrupted = { type: 'pattern', frame_id: 'p1', flow_id: 'pattern_continue_interrupted', step_id: 's', context: { interrupted_flow_ids: ['transfer_money', 'add_contact'] } } as const;
    expect(await commands('yes', collectingState('transfer_money', 'continue_interrupted_flow_confirmation', {}, [interrupted]))).toEqual([
      llmSlot('continue_interrupted_flow_confirmation', true),
    ]);
    expect(await commands('the money transfer', collectingState('transfer_money', 'interrupted_flow_to_continue', {}, [interrupted]))).toEqual([
      llmSlot('interrupted_flow_to_continue', 'transfer_money'),
    ]);
    expect(await commands('neither', collectingState('transfer_money', 'interrupted_flow_to_continue', {}, [interrupted]))).toEqual([
      llmSlot('interrupted_flow_to_continue', 'none'),
    ]);
  });

  it('continues an active agent when nothing else matches', async () => {
    const agentState = stateWith([
      { type: 'flow', frame_id: 'f1', flow_id: 'transfer_money', step_id: 'call', frame_type: 'regular' },
      { type: 'agent', frame_id: 'a1', agent_id: 'helper', flow_id: 'transfer_money', step_id: 'call', state: 'waiting_for_input', metadata: {} },
    ]);
    expect(await commands('it was on monday at the gas station', agentState)).toEqual([{ command: 'continue agent' }]);
  });

  it('reads payloads before anything else and reports empty input as an error', async () => {
    expect(await commands('/SetSlots(amount=20)', collectingState('transfer_money', 'amount'))).toEqual([
      { command: 'set slot', name: 'amount', value: 20, extractor: 'COMMAND_PAYLOAD_READER' },
    ]);
    expect(await commands('   ')).toEqual([{ command: 'error', error_type: 'rasa_internal_error_user_input_empty' }]);
  });

  it('records the top flow and its score in parse data', async () => {
    const result = await generator.predict({ assistant, state: idleState(), text: 'transfer money' });
    expect(result.parseData).toMatchObject({ intent: { name: 'transfer_money' } });
  });
});
