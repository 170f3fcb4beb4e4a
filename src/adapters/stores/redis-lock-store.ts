/**
 * Lock store shared by replicas through Redis (Rasa `redis` / `concurrent_redis` lock stores):
 * `SET key token NX PX ttl` takes the lock, a Lua compare-and-delete releases only our own token, and
 * waiters poll with a short jittered backoff. The ttl frees the lock of a crashed holder.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import type { Redis } from 'ioredis';
import { type Lock, type LockStore, LockTimeoutError } from '../../ports/lock-store.ts';
import { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.ts';

const RELEASE_SCRIPT = "if redis.call('get', KEYS[1]) == ARGV[1] then return redis.call('del', KEYS[1]) else return 0 end";
const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 50;

export class RedisLockStore implements LockStore {
  /** Takes ownership of `redis`: `close()` quits it. `keyPrefix` is e.g. `lock:` (Rasa's default). */
  constructor(
    private readonly redis: Redis,
    private readonly keyPrefix: string,
  ) {}

  async acquire(key: string, options: { waitMs?: number; ttlMs?: number } = {}): Promise<Lock> {
    const redisKey = this.keyPrefix + key;
    const token = randomUUID();
    const ttlMs = Math.max(1, Math.round(options.ttlMs ?? DEFAULT_LOCK_TTL_MS));
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      if ((await this.redis.set(redisKey, token, 'PX', ttlMs, 'NX')) === 'OK') return this.lockFor(redisKey, token);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LockTimeoutError(key);
      await sleep(Math.min(remaining, pollMs / 2 + Math.random() * pollMs));
    }
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }

  private lockFor(redisKey: string, token: string): Lock {
    let released = false;
    return {
      release: async () => {
        if (released) return;
        released = true;
        await this.redis.eval(RELEASE_SCRIPT, 1, redisKey, token);
      },
    };
  }
}
