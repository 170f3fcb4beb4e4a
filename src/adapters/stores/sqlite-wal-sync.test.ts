import { describe, expect, it } from 'vitest';
import { WalSync } from './sqlite-wal-sync.ts';

/** A datasync the test finishes by hand; `started` counts the calls. */
function manualDatasync() {
  const pending: { resolve: () => void; reject: (error: Error) => void }[] = [];
  return {
    datasync: () => new Promise<void>((resolve, reject) => void pending.push({ resolve, reject })),
    started: () => pending.length,
    finish: (n: number) => pending[n]!.resolve(),
    fail: (n: number, error: Error) => pending[n]!.reject(error),
  };
}

/** Which of `promises` have settled, after pending callbacks ran. */
async function settled(promises: readonly Promise<unknown>[]): Promise<boolean[]> {
  const done = promises.map(() => false);
  promises.forEach((p, i) => p.then(() => (done[i] = true), () => (done[i] = true)));
  await new Promise((resolve) => setImmediate(resolve));
  return done;
}

describe('WalSync', () => {
  it('acknowledges a write only after a datasync that started after it, one datasync for all writes made meanwhile', async () => {
    const disk = manualDatasync();
    const sync = new WalSync(disk.datasync);
    const first = sync.synced();
    // Written while the first datasync runs: it may not have covered them.
    const second = sync.synced();
    const third = sync.synced();
    expect(disk.started()).toBe(1);
    disk.finish(0);
    expect(await settled([first, second, third])).toEqual([true, false, false]);
    expect(disk.started()).toBe(2);
    disk.finish(1);
    expect(await settled([second, third])).toEqual([true, true]);
    const later = sync.synced();
    expect(disk.started()).toBe(3);
    disk.finish(2);
    await later;
  });

  it('refuses every later write once a datasync failed, since the kernel may have dropped what it did not write', async () => {
    const disk = manualDatasync();
    const sync = new WalSync(disk.datasync);
    const first = sync.synced();
    const queued = sync.synced();
    disk.fail(0, new Error('EIO'));
    await expect(first).rejects.toThrow(/fdatasync of the SQLite WAL failed.*EIO/);
    await expect(queued).rejects.toThrow(/EIO/);
    await expect(sync.synced()).rejects.toThrow(/EIO/);
    expect(disk.started()).toBe(1);
  });
});
