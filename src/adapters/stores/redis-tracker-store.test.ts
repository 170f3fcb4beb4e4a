import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Redis } from 'ioredis';
import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { deleteRedisKeys, REDIS, redisClient, redisKeySpace, uniqueName } from '../../../test/contracts/services.ts';
import { createTrackerStore } from './store-factory.ts';

const redisTrackerStore = (keyPrefix: string, extra: Record<string, unknown> = {}) =>
  createTrackerStore({ type: 'redis', options: { url: REDIS.host, port: String(REDIS.port), key_prefix: keyPrefix, ...extra } }, { projectRoot: '/nonexistent' });

describeTrackerStoreContract('redis', async () => {
  const { keyPrefix, dispose } = await redisKeySpace('t');
  return {
    open: () => redisTrackerStore(keyPrefix),
    persistent: true,
    dispose,
  };
});

describe('redis tracker store', () => {
  let redis: Redis;
  const keyPrefix = uniqueName('t');
  beforeAll(async () => {
    redis = await redisClient();
  });
  afterAll(async () => {
    await deleteRedisKeys(redis, `${keyPrefix}:`);
    await redis.quit();
  });

  it("uses Rasa's key layout and record_exp as the key's expiry", async () => {
    const store = await redisTrackerStore(keyPrefix, { record_exp: 3600 });
    await store.save(sampleConversation('c1', 1));
    await store.close();
    expect(await redis.ttl(`${keyPrefix}:tracker:c1`)).toBeGreaterThan(3500);
  });

  it('stores a 10-turn conversation in well under 10 KB', async () => {
    const store = await redisTrackerStore(keyPrefix);
    await store.save(sampleConversation('c2'));
    await store.close();
    expect(await redis.strlen(`${keyPrefix}:tracker:c2`)).toBeLessThan(4_000);
  });
});
