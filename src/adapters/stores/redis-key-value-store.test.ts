import { describeKeyValueStoreContract } from '../../../test/contracts/kv-store.contract.ts';
import { deleteRedisKeys, REDIS, redisClient, uniqueName } from '../../../test/contracts/services.ts';
import { createKeyValueStore } from './store-factory.ts';

describeKeyValueStoreContract('redis', async () => {
  const redis = await redisClient();
  const keyPrefix = uniqueName('k');
  return {
    open: () => createKeyValueStore({ type: 'redis', options: { host: REDIS.host, port: REDIS.port, key_prefix: keyPrefix } }),
    shared: true,
    dispose: async () => {
      await deleteRedisKeys(redis, `${keyPrefix}:`);
      await redis.quit();
    },
  };
});
