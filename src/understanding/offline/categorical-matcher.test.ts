import { describe, expect, it } from 'vitest';
import { matchCategorical } from './categorical-matcher.ts';

const VALUES = ['Checking', 'savings', 'credit card'];

describe('matchCategorical', () => {
  it('matches values case-insensitively and returns the declared spelling', () => {
    expect(matchCategorical('CHECKING', VALUES)).toBe('Checking');
    expect(matchCategorical('from my savings please', VALUES)).toBe('savings');
    expect(matchCategorical('the credit card one', VALUES)).toBe('credit card');
  });

  it('tolerates one typo in long words only', () => {
    expect(matchCategorical('savngs', VALUES)).toBe('savings');
    expect(matchCategorical('credt card', VALUES)).toBe('credit card');
    expect(matchCategorical('cards', ['car'])).toBeUndefined();
  });

  it('maps NLU synonyms to their value', () => {
    expect(matchCategorical('my current account', VALUES, [{ value: 'checking', synonyms: ['current account'] }])).toBe('Checking');
  });

  it('returns undefined when nothing matches', () => {
    expect(matchCategorical('bitcoin', VALUES)).toBeUndefined();
  });
});
