import { describe, expect, it } from 'vitest';
import { matchRepairIntent } from './repair-intents.ts';

describe('matchRepairIntent', () => {
  it.each([
    ['cancel', 'cancel'],
    ['never mind', 'cancel'],
    ['Forget it!', 'cancel'],
    ['cancel the transfer', 'cancel'],
    ["I don't want to do this anymore", 'cancel'],
    ['skip this question', 'skip'],
    ['say that again', 'repeat'],
    ['what did you say?', 'repeat'],
    ['I want to talk to a human', 'handoff'],
    ['transfer me to an agent', 'handoff'],
    ['how are you?', 'chitchat'],
    ['tell me a joke', 'chitchat'],
    ['hello there', 'chitchat'],
  ])('%s → %s', (text, intent) => {
    expect(matchRepairIntent(text)).toBe(intent);
  });

  it.each(['send money to John', 'transfer 50 to someone', 'no', 'stop signs are red in my town, show my balance'])('%s → none', (text) => {
    expect(matchRepairIntent(text)).toBeUndefined();
  });
});
