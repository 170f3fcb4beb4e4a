import { describe, expect, it } from 'vitest';
import { parseBool } from './bool-parser.ts';

describe('parseBool', () => {
  it.each(['yes', 'Yeah!', 'yep', 'sure', 'ok', 'correct', 'of course', 'yes please go ahead', "That's right", 'Y'])('%s → true', (text) => {
    expect(parseBool(text)).toBe(true);
  });

  it.each(['no', 'nope', 'nah', "don't", 'no, do not send it', 'not really', 'No thanks'])('%s → false', (text) => {
    expect(parseBool(text)).toBe(false);
  });

  it.each(['maybe', 'banana', '', 'I know', 'yesterday'])('%s → undefined', (text) => {
    expect(parseBool(text)).toBeUndefined();
  });
});
