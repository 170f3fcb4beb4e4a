import { describe, expect, it } from 'vitest';
import { describeLockStoreContract } from '../../../test/contracts/lock-store.contract.ts';
import { REDIS, redisClient, redisKeySpace, uniqueName } from '../../../test/contracts/services.ts';
import { createLockStore } from './store-factory.ts';

describeLockStoreContract('redis', async () => {
  const { keyPrefix, dispose } = await redisKeySpace('l');
  return {
    open: () => createLockStore({ type: 'concurrent_redis', options: { host: REDIS.host, port: REDIS.port, key_prefix: keyPrefix } }),
    shared: true,
    dispose,
  };
});

describe('redis lock store', () => {
  it("keeps the lock under Rasa's key layout with the ttl as expiry", async () => {
    const keyPrefix = uniqueName('l');
    const redis = await redisClient();
    const store = await createLockStore({ type: 'redis', options: { url: `redis://${REDIS.host}:${REDIS.port}`, key_prefix: keyPrefix } });
    try {
      const lock = await store.acquire('conv-1', { ttlMs: 5_000 });
      expect(await redis.pttl(`${keyPrefix}:lock:conv-1`)).toBeGreaterThan(4_000);
      await lock.release();
      expect(await redis.exists(`${keyPrefix}:lock:conv-1`)).toBe(0);
    } finally {
      await store.close();
      await redis.quit();
    }
  });
});
