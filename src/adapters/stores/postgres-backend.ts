/**
 * The PostgreSQL stores and their connection, loaded together when endpoints.yml asks for PostgreSQL.
 * @module
 */
export { connectPostgres } from './postgres-connection.ts';
export { DEFAULT_KV_TABLE, PostgresKeyValueStore } from './postgres-key-value-store.ts';
export { DEFAULT_TRACKER_TABLE, EVENTS_TABLE_SUFFIX, openPostgresTrackerStore } from './postgres-tracker-store.ts';
