/**
 * The Redis stores and their connection, loaded together when endpoints.yml asks for Redis.
 * @module
 */
export { connectRedis, redisKeyPrefix } from './redis-connection.ts';
export { RedisKeyValueStore } from './redis-key-value-store.ts';
export { RedisLockStore } from './redis-lock-store.ts';
export { RedisTrackerStore } from './redis-tracker-store.ts';
