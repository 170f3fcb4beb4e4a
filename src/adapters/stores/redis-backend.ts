/**
 * The Redis stores and their connection, loaded together when endpoints.yml asks for Redis.
 * @module
 */
export { connectRedis, redisKeyPrefix } from './redis-connection.ts';
export { RedisKeyValueStore } from './redis-key-value-store.ts';
export { redisLockStore } from './redis-lock-store.ts';
export { redisTrackerStore } from './redis-tracker-store.ts';
