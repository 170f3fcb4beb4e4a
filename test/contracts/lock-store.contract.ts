/**
 * The behaviour every LockStore must have. Each implementation runs it from its own test file.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { type LockStore, LockTimeoutError } from '../../src/ports/lock-store.ts';
import { useStoreFixture, type SharedStoreFixture } from './store-fixture.ts';

export type LockStoreFixture = SharedStoreFixture<LockStore>;

export function describeLockStoreContract(name: string, makeFixture: () => Promise<LockStoreFixture>): void {
  describe(`LockStore contract: ${name}`, () => {
    const { open, fixture } = useStoreFixture<LockStore, LockStoreFixture>(makeFixture);
    /** Two handles on the lock namespace: two replicas when shared, else the same store twice. */
    const openPair = async (): Promise<[LockStore, LockStore]> => {
      const first = await open();
      return [first, fixture().shared ? await open() : first];
    };

    it('lets one holder in at a time: 50 concurrent read-modify-write increments lose nothing', async () => {
      const stores = await openPair();
      let counter = 0;
      let inside = 0;
      let maxInside = 0;
      await Promise.all(
        Array.from({ length: 50 }, async (_, i) => {
          const lock = await (stores[i % 2] as LockStore).acquire('conv-1', { waitMs: 20_000, ttlMs: 10_000 });
          inside++;
          maxInside = Math.max(maxInside, inside);
          const read = counter;
          await sleep(1);
          counter = read + 1;
          inside--;
          await lock.release();
        }),
      );
      expect(counter).toBe(50);
      expect(maxInside).toBe(1);
    });

    it('does not make different keys wait for each other', async () => {
      const store = await open();
      const a = await store.acquire('conv-a', { waitMs: 100 });
      const b = await store.acquire('conv-b', { waitMs: 100 });
      await a.release();
      await b.release();
    });

    it('hands a released lock to a waiter', async () => {
      const [first, second] = await openPair();
      const held = await first.acquire('conv-1');
      const waiting = second.acquire('conv-1', { waitMs: 5_000 });
      await sleep(20);
      await held.release();
      const next = await waiting;
      await next.release();
    });

    it('fails with LockTimeoutError after waitMs while another holds the lock', async () => {
      const [first, second] = await openPair();
      await first.acquire('conv-1', { ttlMs: 10_000 });
      const started = Date.now();
      const error = await second.acquire('conv-1', { waitMs: 150 }).catch((e: unknown) => e);
      expect(error).toBeInstanceOf(LockTimeoutError);
      expect((error as LockTimeoutError).key).toBe('conv-1');
      expect(Date.now() - started).toBeGreaterThanOrEqual(140);
    });

    it('frees the lock of a holder that died after its ttl, and ignores that holder’s late release', async () => {
      const [first, second] = await openPair();
      const dead = await first.acquire('conv-1', { ttlMs: 150 });
      const started = Date.now();
      const next = await second.acquire('conv-1', { waitMs: 5_000, ttlMs: 10_000 });
      expect(Date.now() - started).toBeLessThan(2_000);
      await dead.release();
      await expect(first.acquire('conv-1', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
      await next.release();
    });

    it('treats a second release as a no-op that cannot free someone else’s lock', async () => {
      const [first, second] = await openPair();
      const lock = await first.acquire('conv-1');
      await lock.release();
      await lock.release();
      const other = await second.acquire('conv-1', { waitMs: 1_000, ttlMs: 10_000 });
      await lock.release();
      await expect(first.acquire('conv-1', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
      await other.release();
      const again = await first.acquire('conv-1', { waitMs: 1_000 });
      await again.release();
    });
  });
}
