/** Waits until `check` gives a value (not `undefined`/`false`), polling every 10 ms; fails after `timeout` ms. */
import { vi } from 'vitest';

export function waitUntil<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeout = 10_000): Promise<T> {
  return vi.waitFor(
    async () => {
      const value = await check();
      if (value === undefined || value === false) throw new Error('not yet');
      return value;
    },
    { timeout, interval: 10 },
  );
}
