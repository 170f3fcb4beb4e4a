import { describe, expect, it } from 'vitest';
import { describeLockStoreContract } from '../../../test/contracts/lock-store.contract.ts';
import { REDIS, redisClient, redisKeySpace, uniqueName } from '../../../test/contracts/services.ts';
import { createLockStore } from './store-factory.ts';

describeLockStoreContract('redis', async () => {
  const { keyPrefix, dispose } = await redisKeySpace('l');
  const config = { type: 'concurrent_redis', options: { host: REDIS.host, port: REDIS.port, key_prefix: keyPrefix } };
  return {
    open: () => createLockStore(config),
    shared: true,
    otherProcess: { lockStore: config, trackerStore: undefined, projectRoot: '/nonexistent' },
    dispose,
  };
});

describe('redis lock store', () => {
  it("keeps the lock under Rasa's key layout with the ttl as expiry, renewed while held", async () => {
    const keyPrefix = uniqueName('l');
    const redis = await redisClient();
    const store = await createLockStore({ type: 'redis', options: { url: `redis://${REDIS.host}:${REDIS.port}`, key_prefix: keyPrefix } });
    try {
      const lock = await store.acquire('conv-1', { ttlMs: 5_000 });
      expect(await redis.pttl(`${keyPrefix}:lock:conv-1`)).toBeGreaterThan(4_000);
      await new Promise((resolve) => setTimeout(resolve, 2_500));
      // Half the ttl has passed; the heartbeat (every third of it) has pushed the expiry back out.
      expect(await redis.pttl(`${keyPrefix}:lock:conv-1`)).toBeGreaterThan(3_000);
      await lock.release();
      expect(await redis.exists(`${keyPrefix}:lock:conv-1`)).toBe(0);
    } finally {
      await store.close();
      await redis.quit();
    }
  });
});
