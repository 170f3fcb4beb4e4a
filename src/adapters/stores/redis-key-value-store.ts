/**
 * Key-value store in Redis: SET PX for TTLs, SET NX PX for atomic claims, SCAN for prefix listing.
 * @module
 */
import type { Redis } from 'ioredis';
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import { scanKeys } from './redis-connection.ts';

export class RedisKeyValueStore implements KeyValueStore {
  /** Takes ownership of `redis`: `close()` quits it. `keyPrefix` is e.g. `kv:`. */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async get(key: string): Promise<string | undefined> {
    return (await this.redis.get(this.keyPrefix + key)) ?? undefined;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    const redisKey = this.keyPrefix + key;
    await (ttlMs === undefined ? this.redis.set(redisKey, value) : this.redis.set(redisKey, value, 'PX', toPx(ttlMs)));
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    const redisKey = this.keyPrefix + key;
    const reply = await (ttlMs === undefined ? this.redis.set(redisKey, value, 'NX') : this.redis.set(redisKey, value, 'PX', toPx(ttlMs), 'NX'));
    return reply === 'OK';
  }

  async delete(key: string): Promise<void> {
    await this.redis.del(this.keyPrefix + key);
  }

  keysWithPrefix(prefix: string): Promise<string[]> {
    return scanKeys(this.redis, this.keyPrefix + prefix).then((rest) => rest.map((key) => prefix + key));
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}

/** Redis refuses PX 0 and fractions. */
function toPx(ttlMs: number): number {
  return Math.max(1, Math.round(ttlMs));
}
