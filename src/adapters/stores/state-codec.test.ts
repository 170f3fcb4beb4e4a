import { describe, expect, it } from 'vitest';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { encodeState, jsonText, packedJson, packState, unpackState } from './state-codec.ts';

describe('state codec', () => {
  it('keeps a short state as readable JSON and deflates a long one', () => {
    const short = { ...sampleConversation('s', 0), events: [], slots: {} };
    expect(packState(short).toString('utf8')).toBe(encodeState(short));
    const long = sampleConversation('l');
    const packed = packState(long);
    expect(packed.length).toBeLessThan(encodeState(long).length / 4);
    expect(unpackState(packed)).toEqual(asStored(long));
  });

  it('reads back what each codec wrote, arrays included', () => {
    const events = sampleConversation('t', 8).events;
    const stored: unknown = JSON.parse(JSON.stringify(events));
    expect(jsonText.decode(jsonText.encode(events))).toEqual(stored);
    expect(packedJson.decode(packedJson.encode(events))).toEqual(stored);
  });
});
