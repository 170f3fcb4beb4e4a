/**
 * The behaviour every LockStore must have. Each implementation runs it from its own test file.
 * @module
 */
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { StoreConfig } from '../../src/core/assistant.ts';
import { type LockStore, LockTimeoutError } from '../../src/ports/lock-store.ts';
import { useStoreFixture, type SharedStoreFixture } from './store-fixture.ts';

/** How another process opens a store on the fixture's storage (what `createLockStore` takes). */
export interface LockHolderSpec {
  readonly lockStore: StoreConfig | undefined;
  readonly trackerStore: StoreConfig | undefined;
  readonly projectRoot: string;
}

export interface LockStoreFixture extends SharedStoreFixture<LockStore> {
  /** For stores shared between processes: how a child process opens one. */
  readonly otherProcess?: LockHolderSpec;
}

/** Starts a process that takes the lock of `key` and holds it until killed; resolves once it holds it. */
async function processHoldingLock(spec: LockHolderSpec, key: string, ttlMs: number): Promise<{ kill9(): Promise<void> }> {
  const script = new URL('./hold-lock.ts', import.meta.url).pathname;
  const child = spawn(process.execPath, ['--import', 'tsx', script, JSON.stringify({ ...spec, key, ttlMs })], { stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit');
  const deadline = Date.now() + 30_000;
  while (!output.includes('held')) {
    if (child.exitCode !== null || Date.now() > deadline) {
      child.kill('SIGKILL');
      throw new Error(`the lock-holding process did not take the lock: ${output}`);
    }
    await sleep(20);
  }
  return {
    async kill9() {
      child.kill('SIGKILL');
      await exited;
    },
  };
}

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

    it('keeps the lock of a live holder past its ttl, however long its turn runs', async () => {
      const [first, second] = await openPair();
      const long = await first.acquire('conv-1', { ttlMs: 300 });
      await sleep(1_200);
      await expect(second.acquire('conv-1', { waitMs: 100 })).rejects.toBeInstanceOf(LockTimeoutError);
      await long.release();
      const next = await second.acquire('conv-1', { waitMs: 1_000 });
      await next.release();
    });

    it('frees the lock of a holder whose process was killed (kill -9) within its ttl', async (context) => {
      const spec = fixture().otherProcess;
      if (spec === undefined) context.skip('a one-process store dies with its holders: there is no other process to outlive');
      const holder = await processHoldingLock(spec as LockHolderSpec, 'conv-1', 1_000);
      const store = await open();
      await expect(store.acquire('conv-1', { waitMs: 1_500 })).rejects.toBeInstanceOf(LockTimeoutError);
      await holder.kill9();
      const killed = Date.now();
      const next = await store.acquire('conv-1', { waitMs: 10_000 });
      // Within the ttl (1 s) and the waiter's polling, with a wide margin for a loaded machine.
      expect(Date.now() - killed).toBeLessThan(3_000);
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
