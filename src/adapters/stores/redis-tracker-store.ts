/**
 * Tracker store in Redis (Rasa `RedisTrackerStore`): one key per conversation holding its packed compact
 * JSON (see state-codec), optionally expiring `record_exp` seconds after the last save.
 * @module
 */
import type { Redis } from 'ioredis';
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { scanKeys } from './redis-connection.ts';
import { DEFAULT_MAX_EVENTS, packState, unpackState } from './state-codec.ts';

export interface RedisTrackerStoreOptions {
  /** Prepended to sender ids, e.g. `tracker:` (Rasa's default). */
  readonly keyPrefix: string;
  /** Seconds a conversation lives after its last save; omitted = forever. */
  readonly recordExpSeconds?: number;
  readonly maxEvents?: number;
}

export class RedisTrackerStore implements TrackerStore {
  /** Takes ownership of `redis`: `close()` quits it. */
  constructor(
    private readonly redis: Redis,
    private readonly options: RedisTrackerStoreOptions,
  ) {}

  async load(senderId: string): Promise<ConversationState | undefined> {
    const stored = await this.redis.getBuffer(this.options.keyPrefix + senderId);
    return stored === null ? undefined : unpackState(stored);
  }

  async save(state: ConversationState): Promise<void> {
    const key = this.options.keyPrefix + state.sender_id;
    const packed = packState(state, this.options.maxEvents ?? DEFAULT_MAX_EVENTS);
    const exp = this.options.recordExpSeconds;
    await (exp !== undefined && exp > 0 ? this.redis.set(key, packed, 'EX', exp) : this.redis.set(key, packed));
  }

  async delete(senderId: string): Promise<void> {
    await this.redis.del(this.options.keyPrefix + senderId);
  }

  keys(): Promise<string[]> {
    return scanKeys(this.redis, this.options.keyPrefix);
  }

  async close(): Promise<void> {
    await this.redis.quit();
  }
}
