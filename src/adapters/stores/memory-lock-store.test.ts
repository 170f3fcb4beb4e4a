import { describe, expect, it } from 'vitest';
import { describeLockStoreContract } from '../../../test/contracts/lock-store.contract.ts';
import { inProcessFixture } from '../../../test/contracts/store-fixture.ts';
import { MemoryLockStore } from './memory-lock-store.ts';

describeLockStoreContract('memory', inProcessFixture(() => new MemoryLockStore()));

describe('memory lock store', () => {
  it('fails the waiters when closed, so shutdown does not hang on them', async () => {
    const store = new MemoryLockStore();
    await store.acquire('conv-1');
    const waiting = store.acquire('conv-1', { waitMs: 60_000 });
    await store.close();
    await expect(waiting).rejects.toThrow("closed while waiting for the lock of conversation 'conv-1'");
  });
});
