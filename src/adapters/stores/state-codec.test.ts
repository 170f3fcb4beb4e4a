import { describe, expect, it } from 'vitest';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { encodeState, packState, unpackState } from './state-codec.ts';

describe('state codec', () => {
  it('keeps a short state as readable JSON and deflates a long one', () => {
    const short = { ...sampleConversation('s', 0), events: [], slots: {} };
    expect(packState(short).toString('utf8')).toBe(encodeState(short));
    const long = sampleConversation('l');
    const packed = packState(long);
    expect(packed.length).toBeLessThan(encodeState(long).length / 4);
    expect(unpackState(packed)).toEqual(asStored(long));
  });

  it('reads JSON stored as text', () => {
    const state = sampleConversation('t', 2);
    expect(unpackState(encodeState(state))).toEqual(asStored(state));
    expect(unpackState(Buffer.from(encodeState(state)))).toEqual(asStored(state));
  });
});
