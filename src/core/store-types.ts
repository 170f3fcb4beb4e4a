/**
 * The store types of endpoints.yml (`tracker_store.type`, `lock_store.type`) colloquy serves, by
 * Rasa's names, and the backend serving each: read by the validator and by the store factory.
 * @module
 */

export type StoreBackend = 'memory' | 'sqlite' | 'redis' | 'sql';

/** Tracker store `type` → the backend serving it. */
export const TRACKER_STORE_TYPES: Readonly<Record<string, StoreBackend>> = {
  memory: 'memory',
  in_memory: 'memory',
  InMemoryTrackerStore: 'memory',
  sqlite: 'sqlite',
  redis: 'redis',
  RedisTrackerStore: 'redis',
  sql: 'sql',
  SQLTrackerStore: 'sql',
};

/** Lock store `type` → the backend serving it. */
export const LOCK_STORE_TYPES: Readonly<Record<string, Extract<StoreBackend, 'memory' | 'redis'>>> = {
  in_memory: 'memory',
  memory: 'memory',
  InMemoryLockStore: 'memory',
  redis: 'redis',
  concurrent_redis: 'redis',
  RedisLockStore: 'redis',
  ConcurrentRedisLockStore: 'redis',
};
