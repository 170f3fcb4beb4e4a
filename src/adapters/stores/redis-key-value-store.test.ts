import { describeKeyValueStoreContract } from '../../../test/contracts/kv-store.contract.ts';
import { REDIS, redisKeySpace } from '../../../test/contracts/services.ts';
import { createKeyValueStore } from './store-factory.ts';

describeKeyValueStoreContract('redis', async () => {
  const { keyPrefix, dispose } = await redisKeySpace('k');
  return {
    open: () => createKeyValueStore({ type: 'redis', options: { host: REDIS.host, port: REDIS.port, key_prefix: keyPrefix } }),
    shared: true,
    dispose,
  };
});
