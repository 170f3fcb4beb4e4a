import { describe, expect, it } from 'vitest';
import type { ResponseVariation } from '../domain.ts';
import { selectVariation } from './index.ts';

const first = () => 0;
const last = () => 0.999999;

describe('selectVariation', () => {
  const variations: ResponseVariation[] = [
    { text: 'default' },
    { text: 'default 2' },
    { text: 'gold', condition: 'slots.tier = "gold"' },
    { text: 'rest default', channel: 'rest' },
    { text: 'rest gold', channel: 'rest', condition: 'slots.tier = "gold"' },
    { text: 'socket default', channel: 'socketio' },
  ];
  const pick = (slots: Record<string, unknown>, channel?: string, random = first) =>
    selectVariation(variations, channel === undefined ? { slots } : { slots, channel }, random)?.text;

  it('prefers a matching conditional variation for the channel', () => {
    expect(pick({ tier: 'gold' }, 'rest')).toBe('rest gold');
  });

  it('then an unconditional variation for the channel', () => {
    expect(pick({ tier: 'silver' }, 'rest')).toBe('rest default');
    expect(pick({ tier: 'gold' }, 'socketio')).toBe('socket default');
  });

  it('then a matching conditional variation without a channel', () => {
    expect(pick({ tier: 'gold' }, 'twilio')).toBe('gold');
    expect(pick({ tier: 'gold' })).toBe('gold');
  });

  it('then an unconditional variation without a channel, chosen at random among ties', () => {
    expect(pick({ tier: null }, 'twilio', first)).toBe('default');
    expect(pick({ tier: null }, 'twilio', last)).toBe('default 2');
    expect(pick({ tier: null }, undefined, () => 0.5)).toBe('default 2');
  });

  it('draws among all tied variations', () => {
    const many: ResponseVariation[] = [{ text: 'a' }, { text: 'b' }, { text: 'c' }];
    const seen = [0, 0.34, 0.67, 0.99].map((r) => selectVariation(many, { slots: {} }, () => r)?.text);
    expect(seen).toEqual(['a', 'b', 'c', 'c']);
  });

  it('returns undefined when nothing is eligible', () => {
    const onlyConditional: ResponseVariation[] = [
      { text: 'x', condition: 'slots.flag' },
      { text: 'y', channel: 'rest' },
    ];
    expect(selectVariation(onlyConditional, { slots: { flag: false }, channel: 'socketio' }, first)).toBeUndefined();
    expect(selectVariation([], { slots: {} }, first)).toBeUndefined();
  });

  it('treats a broken condition as not matching', () => {
    const broken: ResponseVariation[] = [{ text: 'broken', condition: 'slots.x >' }, { text: 'fallback' }];
    expect(selectVariation(broken, { slots: { x: 1 } }, first)?.text).toBe('fallback');
  });
});
