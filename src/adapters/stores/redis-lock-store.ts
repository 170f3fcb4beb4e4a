/**
 * Lock store shared by replicas through Redis (Rasa `redis` / `concurrent_redis` lock stores, same
 * key layout): the lease is `SET key token NX PX ttl`, renewed and deleted by Lua scripts that act
 * only on our own token (see lease-lock-store).
 * @module
 */
import type { Redis } from 'ioredis';
import { type LeaseBackend, LeaseLockStore } from './lease-lock-store.ts';

const RENEW_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('pexpire', KEYS[1], ARGV[2]) else return 0 end";
const DROP_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";

/** Takes ownership of `redis`: `close()` quits it. `keyPrefix` is e.g. `lock:` (Rasa's default). */
export function redisLockStore(redis: Redis, keyPrefix: string): LeaseLockStore {
  const leases: LeaseBackend = {
    take: async (key, token, ttlMs) => (await redis.set(keyPrefix + key, token, 'PX', ttlMs, 'NX')) === 'OK',
    renew: async (key, token, ttlMs) => (await redis.eval(RENEW_SCRIPT, 1, keyPrefix + key, token, ttlMs)) === 1,
    drop: async (key, token) => {
      await redis.eval(DROP_SCRIPT, 1, keyPrefix + key, token);
    },
    close: async () => {
      await redis.quit();
    },
  };
  return new LeaseLockStore(leases);
}
