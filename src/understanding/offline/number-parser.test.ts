import { describe, expect, it } from 'vitest';
import { findNumbers, parseNumber } from './number-parser.ts';

describe('parseNumber', () => {
  it.each([
    ['50', 50],
    ['1,000', 1000],
    ['50.25', 50.25],
    ['$50', 50],
    ['€ 20', 20],
    ['50 dollars', 50],
    ['1.5k', 1500],
    ['2 million', 2_000_000],
    ['fifty', 50],
    ['twenty-five', 25],
    ['two hundred and fifty', 250],
    ['a hundred bucks', 100],
    ['one thousand two hundred and five', 1205],
    ['send 75 to John', 75],
  ])('%s → %d', (text, value) => {
    expect(parseNumber(text)).toBe(value);
  });

  it('finds nothing in text without numbers', () => {
    expect(parseNumber('nothing to see here')).toBeUndefined();
    expect(parseNumber('a lot')).toBeUndefined();
  });

  it('reads no number from the names of Object.prototype members', () => {
    for (const word of ['constructor', 'toString', 'valueOf', 'hasOwnProperty', '__proto__']) {
      expect(parseNumber(`send ${word} to Bob`)).toBeUndefined();
      expect(findNumbers(`a ${word} five`).map((n) => n.value)).toEqual([5]);
    }
  });

  it('does not read digits glued to a handle as a number', () => {
    expect(parseNumber('@john2')).toBeUndefined();
  });

  it('keeps separate written numbers apart', () => {
    expect(findNumbers('three fifty').map((n) => n.value)).toEqual([3, 50]);
    expect(findNumbers('500 not 50').map((n) => n.value)).toEqual([500, 50]);
  });
});
