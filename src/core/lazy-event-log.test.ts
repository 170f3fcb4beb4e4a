import { describe, expect, it } from 'vitest';
import type { Event } from './events.ts';
import { appendedToLazy, lazyEventLog, olderEvents } from './lazy-event-log.ts';

const eventAt = (i: number): Event => ({ event: 'action', name: `action_${i}`, timestamp: i });
const range = (from: number, to: number): Event[] => Array.from({ length: to - from }, (_, i) => eventAt(from + i));

/** A log of events 0..9 whose first 7 are older; `decodes()` counts how often they were decoded. */
function tenEvents(): { log: readonly Event[]; decodes: () => number } {
  let decodes = 0;
  const log = lazyEventLog(
    olderEvents(7, () => {
      decodes++;
      return range(0, 7);
    }),
    range(7, 10),
  );
  return { log, decodes: () => decodes };
}

describe('lazy event log', () => {
  it('answers what a turn reads (length, the last events, a slice from the turn on) without decoding the older events', () => {
    const { log, decodes } = tenEvents();
    expect(log.length).toBe(10);
    expect(log.at(-1)).toEqual(eventAt(9));
    expect(log[7]).toEqual(eventAt(7));
    expect(log[10]).toBeUndefined();
    expect(log.slice(8)).toEqual(range(8, 10));
    expect(log.findLast((e) => e.timestamp >= 8)).toEqual(eventAt(9));
    expect(Array.isArray(log)).toBe(true);
    expect(decodes()).toBe(0);
  });

  it('is the whole log to a reader of older events, a scan, JSON or a copy, decoding them once', () => {
    const { log, decodes } = tenEvents();
    expect(log[0]).toEqual(eventAt(0));
    expect(log.some((e) => e.timestamp === 3)).toBe(true);
    expect(JSON.parse(JSON.stringify(log))).toEqual(range(0, 10));
    expect([...log]).toEqual(range(0, 10));
    expect(log).toEqual(range(0, 10));
    expect(Object.keys(log)).toHaveLength(10);
    expect(decodes()).toBe(1);
  });

  it('stays lazy when events are appended, sharing one decode of the older events', () => {
    const { log, decodes } = tenEvents();
    const longer = appendedToLazy(appendedToLazy(log, [eventAt(10)]) ?? [], [eventAt(11)]) ?? [];
    expect(longer).toHaveLength(12);
    expect(longer.slice(-2)).toEqual(range(10, 12));
    expect(log).toHaveLength(10);
    expect(decodes()).toBe(0);
    expect(longer).toEqual(range(0, 12));
    expect(log).toEqual(range(0, 10));
    expect(decodes()).toBe(1);
    expect(appendedToLazy(log, [eventAt(10)])).toEqual(range(0, 11));
  });

  it('leaves plain arrays to the caller', () => {
    expect(appendedToLazy(range(0, 3), [eventAt(3)])).toBeUndefined();
  });

  it('can be frozen like an array, and a frozen log refuses writes', () => {
    const { log } = tenEvents();
    Object.freeze(log);
    expect(Object.isFrozen(log)).toBe(true);
    expect(() => (log as Event[]).push(eventAt(10))).toThrow(TypeError);
    expect(log).toEqual(range(0, 10));
  });

  it('reports older events that do not decode to the count it was given', () => {
    const log = lazyEventLog(
      olderEvents(5, () => range(0, 4)),
      range(5, 6),
    );
    expect(() => log[0]).toThrow(/missing events: 4 of 5/);
  });
});
