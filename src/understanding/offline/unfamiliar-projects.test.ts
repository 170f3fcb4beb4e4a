/**
 * One test per row of issue 13's failure table, on sentences written for these tests: what the
 * offline generator got wrong on projects written by others.
 */
import { describe, expect, it } from 'vitest';
import type { Command } from '../../core/commands.ts';
import type { ConversationState } from '../../core/state.ts';
import { createOfflineCommandGenerator } from './offline-command-generator.ts';
import { bankAssistant, collect, flow } from './testing/bank-assistant.ts';
import { collectingState, idleState, stateWith } from './testing/dialogue-states.ts';

const base = bankAssistant({
  flows: [
    flow('order_tea', 'Order a pot of tea from the tea room.', [collect('tea_kind'), collect('pot_size')], {
      nluTriggers: [{ intent: 'order_tea', confidenceThreshold: 0.5 }],
    }),
    flow('pay_bill', 'Pay a utility bill.', [collect('bill_kind')]),
    flow('track_parcel', 'Track where a parcel is.', [collect('parcel_code')]),
  ],
  slots: {
    tea_kind: { type: 'text', description: 'the kind of tea' },
    pot_size: { type: 'categorical', values: ['small', 'large'] },
    bill_kind: { type: 'categorical', values: ['water', 'power'] },
    parcel_code: { type: 'text' },
  },
  nlu: [
    {
      intent: 'order_tea',
      examples: [
        'I would like to order a pot of [oolong](tea_kind)',
        'can I have some [earl grey](tea_kind) please',
        'a [large](pot_size) pot of [sencha]{"entity": "tea_kind"} for me',
        'order tea with [mint]{"entity": "tea_kind", "value": "peppermint"}',
      ],
    },
  ],
  synonyms: [{ value: 'earl grey', synonyms: ['bergamot tea'] }],
});
const assistant = {
  ...base,
  lookups: [{ name: 'tea_kind', values: ['rooibos', 'darjeeling'] }],
  regexes: [{ name: 'parcel_code', values: ['PK-\\d{4}'] }],
};
const generator = createOfflineCommandGenerator(assistant);

async function commands(text: string, state: ConversationState = idleState()): Promise<readonly Command[]> {
  return (await generator.predict({ assistant, state, text })).commands;
}

const set = (name: string, value: unknown): Command => ({ command: 'set slot', name, value, extractor: 'LLM' });

describe('offline understanding on projects we did not write', () => {
  it('reads slot values in the opening request from the NLU entity annotations, synonyms and annotated values', async () => {
    expect(await commands("I'd like to order a large pot of oolong")).toEqual([{ command: 'start flow', flow: 'order_tea' }, set('tea_kind', 'oolong'), set('pot_size', 'large')]);
    expect(await commands('could I order some bergamot tea')).toEqual([{ command: 'start flow', flow: 'order_tea' }, set('tea_kind', 'earl grey')]);
    expect(await commands('a pot of mint, please', collectingState('order_tea', 'tea_kind'))).toEqual([set('tea_kind', 'peppermint')]);
  });

  it('reads slot values from lookup tables and entity regexes of the NLU data', async () => {
    expect(await commands('I would like to order a pot of darjeeling')).toContainEqual(set('tea_kind', 'darjeeling'));
    expect(await commands('where is my parcel pk-2024 now')).toEqual([{ command: 'start flow', flow: 'track_parcel' }, set('parcel_code', 'pk-2024')]);
  });

  it('never takes the request verb for a name', async () => {
    expect(await commands('could you set up a money transfer to Zoë')).toContainEqual(set('recipient', 'Zoë'));
    expect(await commands('I want to transfer money')).toEqual([{ command: 'start flow', flow: 'transfer_money' }]);
    expect(await commands('set', collectingState('transfer_money', 'recipient'))).toEqual([{ command: 'cannot handle' }]);
    expect(await commands('send money', collectingState('transfer_money', 'recipient'))).toEqual([{ command: 'cannot handle' }]);
  });

  it('reads a correction anywhere in the message, never as the final yes', async () => {
    const confirming = collectingState('transfer_money', 'confirm_transfer', { recipient: 'Ada', amount: 40 });
    expect(await commands('no wait, not 40, I meant 45', confirming)).toEqual([set('amount', 45)]);
    expect(await commands('hold on, not 40 — make it 60', confirming)).toEqual([set('amount', 60)]);
    expect(await commands('hang on, it should go to Grace', confirming)).toEqual([set('recipient', 'Grace')]);
  });

  it('normalises answers: currencies and units, fillers before a name', async () => {
    expect(await commands('90 EUR', collectingState('transfer_money', 'amount'))).toEqual([set('amount', 90)]);
    expect(await commands('65$', collectingState('transfer_money', 'amount'))).toEqual([set('amount', 65)]);
    expect(await commands('just Odile', collectingState('transfer_money', 'recipient'))).toEqual([set('recipient', 'Odile')]);
    expect(await commands('my cousin Piet', collectingState('transfer_money', 'recipient'))).toEqual([set('recipient', 'Piet')]);
  });

  it('treats a question or small talk at a collect step as a digression, not the value', async () => {
    expect(await commands('is there a fee for this?', collectingState('transfer_money', 'recipient'))).toEqual([{ command: 'cannot handle' }]);
    expect(await commands('how are you today?', collectingState('transfer_money', 'recipient'))).toEqual([{ command: 'chitchat' }]);
    expect(await commands('what kinds do you have?', collectingState('order_tea', 'tea_kind'))).toEqual([{ command: 'cannot handle' }]);
  });

  it('takes a name answering a question inside a called flow as the value, not as another flow', async () => {
    const inCalledFlow = stateWith(
      [
        { type: 'flow', frame_id: 'f1', flow_id: 'transfer_money', step_id: 'call_add_contact', frame_type: 'regular' },
        { type: 'flow', frame_id: 'f2', flow_id: 'add_contact', step_id: 'collect_contact_name', frame_type: 'call' },
        { type: 'pattern', frame_id: 'c1', flow_id: 'pattern_collect_information', step_id: 'start', context: { collect: 'contact_name' } },
      ],
      { contact_handle: '@bill' },
    );
    expect(await commands('Bill', inCalledFlow)).toEqual([set('contact_name', 'Bill')]);
  });

  it('fills slots that only NLU mappings fill as the NLU extractor; a from_text slot takes the message as written', async () => {
    const slots = {
      ...assistant.domain.slots,
      tea_kind: { ...assistant.domain.slots.tea_kind!, mappings: [{ type: 'from_entity' as const, entity: 'tea_kind' }] },
      parcel_code: { ...assistant.domain.slots.parcel_code!, mappings: [{ type: 'from_text' as const }] },
    };
    const nluProject = { ...assistant, domain: { ...assistant.domain, slots } };
    const nluGenerator = createOfflineCommandGenerator(nluProject);
    const predict = async (text: string, state: ConversationState) => (await nluGenerator.predict({ assistant: nluProject, state, text })).commands;
    expect(await predict('oolong please', collectingState('order_tea', 'tea_kind'))).toEqual([{ ...set('tea_kind', 'oolong'), extractor: 'NLU' }]);
    expect(await predict('It is the blue box, code 77', collectingState('track_parcel', 'parcel_code'))).toEqual([
      { ...set('parcel_code', 'It is the blue box, code 77'), extractor: 'NLU' },
    ]);
  });

  it('starts every flow a message asks for, in the order asked', async () => {
    expect(await commands('check my balance and then transfer 15 dollars to Ines')).toEqual([
      { command: 'start flow', flow: 'check_balance' },
      { command: 'start flow', flow: 'transfer_money' },
      set('recipient', 'Ines'),
      set('amount', 15),
    ]);
    expect(await commands('transfer 15 dollars to Ines and Tom')).toEqual([{ command: 'start flow', flow: 'transfer_money' }, set('recipient', 'Ines'), set('amount', 15)]);
  });

  it('does not start a flow the user says they do not want', async () => {
    expect(await commands("I don't want to send any money")).toEqual([{ command: 'cannot handle' }]);
    expect(await commands('no need to check my balance')).toEqual([{ command: 'cannot handle' }]);
  });

  it('reads an optional filter slot from the request ("start with the letter J")', async () => {
    const withFilter = bankAssistant({
      flows: [flow('browse_contacts', 'Show the saved contacts.', [collect('name_prefix', 'optional first letters to filter the contacts by')])],
      slots: { name_prefix: { type: 'text' } },
    });
    const browse = createOfflineCommandGenerator(withFilter);
    const { commands: found } = await browse.predict({ assistant: withFilter, state: idleState(), text: 'show the saved contacts beginning with the letters Ka' });
    expect(found).toEqual([{ command: 'start flow', flow: 'browse_contacts' }, set('name_prefix', 'Ka')]);
  });

  it('reads several slots from one request', async () => {
    expect(await commands('send Ödön 25 euros')).toEqual([{ command: 'start flow', flow: 'transfer_money' }, set('recipient', 'Ödön'), set('amount', 25)]);
  });

  it('cancels on a compound of cancel phrases', async () => {
    const asking = collectingState('transfer_money', 'amount', { recipient: 'Ada' });
    for (const text of ['never mind, stop', 'never mind, cancel', 'ok forget it, stop', 'I changed my mind, cancel that.']) {
      expect(await commands(text, asking), text).toEqual([{ command: 'cancel flow' }]);
    }
  });

  it('maps a categorical answer through its declared values, and hands a short answer outside them to the engine to reject', async () => {
    expect(await commands('the big one, a large', collectingState('order_tea', 'pot_size'))).toEqual([set('pot_size', 'large')]);
    expect(await commands('enormous please', collectingState('order_tea', 'pot_size'))).toEqual([set('pot_size', 'enormous')]);
    expect(await commands('which sizes are there?', collectingState('order_tea', 'pot_size'))).toEqual([{ command: 'cannot handle' }]);
  });

  it('keeps names in any script whole', async () => {
    const asking = collectingState('transfer_money', 'recipient');
    for (const name of ['Zoë', 'José', 'Иван', '王伟', 'Ngũgĩ', 'Zoë Ångström']) expect(await commands(name, asking), name).toEqual([set('recipient', name)]);
    expect(await commands('transfer 20 dollars to José')).toContainEqual(set('recipient', 'José'));
    expect(await commands('send Иван 15 dollars')).toContainEqual(set('recipient', 'Иван'));
  });
});
