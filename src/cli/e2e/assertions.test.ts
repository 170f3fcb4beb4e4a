import { describe, expect, it } from 'vitest';
import type { Event } from '../../core/events.ts';
import { checkAssertion, slotWasNotSetViolation } from './assertions.ts';

const slot = (name: string, value: unknown): Event => ({ event: 'slot', name, value, timestamp: 0 });

describe('slot_was_not_set judges the last value of the slot in the turn, as Rasa does', () => {
  it('passes without a value when the slot was set and then reset to null in the same turn', () => {
    const events = [slot('recipient', 'Alice'), slot('recipient', null)];
    expect(checkAssertion({ slot_was_not_set: [{ name: 'recipient' }] }, events, 0)).toEqual({ status: 'passed', index: 0 });
  });

  it('fails without a value when the last value is not null, naming it', () => {
    const events = [slot('recipient', null), slot('recipient', 'Bob')];
    expect(checkAssertion({ slot_was_not_set: [{ name: 'recipient' }] }, events, 0)).toMatchObject({ status: 'failed', actual: 'recipient was set to "Bob"' });
  });

  it('with a value fails only when the last value equals it', () => {
    const changed = [slot('amount', 50), slot('amount', 70)];
    expect(slotWasNotSetViolation(changed, 'amount', true, 50)).toBeUndefined();
    expect(slotWasNotSetViolation(changed, 'amount', true, 70)).toBe('amount was set to 70');
  });

  it('passes when the turn has no event for the slot', () => {
    expect(slotWasNotSetViolation([slot('other', 'x')], 'recipient', false, undefined)).toBeUndefined();
  });
});
