import { describe, expect, it } from 'vitest';
import { isDateSlot, parseDate } from './date-parser.ts';

const MONDAY = new Date(2025, 5, 2, 12, 0, 0); // Monday 2 June 2025, local time

describe('parseDate', () => {
  it.each([
    ['tomorrow', '2025-06-03'],
    ['friday', '2025-06-06'],
    ['next friday', '2025-06-13'], // chrono: the Friday of next week
    ['on March 5th', '2026-03-05'],
    ['2025-12-24', '2025-12-24'],
    ['in 3 days', '2025-06-05'],
  ])('%s → %s', (text, iso) => {
    expect(parseDate(text, MONDAY)).toBe(iso);
  });

  it('finds no date in plain text', () => {
    expect(parseDate('send money to John', MONDAY)).toBeUndefined();
  });
});

describe('isDateSlot', () => {
  it('reads the slot name and description', () => {
    expect(isDateSlot('transfer_date')).toBe(true);
    expect(isDateSlot('when', 'the day of the appointment')).toBe(true);
    expect(isDateSlot('recipient', 'the name of the person')).toBe(false);
  });
});
