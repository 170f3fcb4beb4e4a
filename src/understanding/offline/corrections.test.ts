import { describe, expect, it } from 'vitest';
import { detectCorrection, type CorrectionContext } from './corrections.ts';
import { slotInfo } from './slot-roles.ts';
import { bankAssistant } from './testing/bank-assistant.ts';

const assistant = bankAssistant();
const transferSlots = ['recipient', 'amount', 'confirm_transfer'].map((name) => slotInfo(assistant, name));
const values = { synonyms: [] };

function context(collecting: string, filled: Record<string, unknown>): CorrectionContext {
  return { flowSlots: transferSlots, filled, collecting: transferSlots.find((s) => s.name === collecting) };
}

describe('detectCorrection', () => {
  const confirming = context('confirm_transfer', { recipient: 'John', amount: 50 });

  it.each([
    ['actually make it 100', 'amount', 100],
    ['no, I meant 100', 'amount', 100],
    ['oops, 500 not 50', 'amount', 500],
    ['change the recipient to Mary', 'recipient', 'Mary'],
    ['actually send it to Mary instead', 'recipient', 'Mary'],
    ['sorry I meant Peter not John', 'recipient', 'Peter'],
  ])('%s → %s = %s', (text, name, value) => {
    expect(detectCorrection(text, confirming, values)).toEqual([{ name, value }]);
  });

  it('leaves plain answers and yes/no to the answer path', () => {
    expect(detectCorrection('no', confirming, values)).toBeUndefined();
    expect(detectCorrection('yes please', confirming, values)).toBeUndefined();
    expect(detectCorrection('no thanks', confirming, values)).toBeUndefined();
  });

  it('corrects the recipient while the amount is asked', () => {
    expect(detectCorrection('actually I want to send it to Mary', context('amount', { recipient: 'John' }), values)).toEqual([
      { name: 'recipient', value: 'Mary' },
    ]);
  });

  it('does not correct a slot with the value it already has', () => {
    expect(detectCorrection('actually make it 50', confirming, values)).toBeUndefined();
  });
});
