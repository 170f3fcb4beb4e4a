/**
 * The only sources of time and identity core may use. Injected, so tests and replays are deterministic.
 * @module
 */

export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
}

export interface IdSource {
  /** A fresh unique id (frame ids, message ids). */
  next(): string;
}

/** A random number in [0, 1): response variation choice. */
export type RandomSource = () => number;

export function fixedClock(startMs = 1_700_000_000_000, stepMs = 0): Clock & { advance(ms: number): void } {
  let t = startMs;
  return {
    now: () => {
      const v = t;
      t += stepMs;
      return v;
    },
    advance: (ms: number) => {
      t += ms;
    },
  };
}

export function sequentialIds(prefix = 'id'): IdSource {
  let n = 0;
  return { next: () => `${prefix}${++n}` };
}

/** mulberry32: the same numbers for the same seed, so a generated test or benchmark can be replayed. */
export function seededRandom(seed: number): RandomSource {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
