/**
 * Builds the stores named by endpoints.yml `tracker_store` and `lock_store` (Rasa's types and
 * connection keys), plus the key-value store for shared runtime records.
 * @module
 */
import { isAbsolute, join } from 'node:path';
import type { StoreConfig } from '../../core/assistant.ts';
import { LOCK_STORE_TYPES, TRACKER_STORE_TYPES } from '../../core/store-types.ts';
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import type { LockStore } from '../../ports/lock-store.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';
import { MemoryLockStore } from './memory-lock-store.ts';
import { MemoryTrackerStore } from './memory-tracker-store.ts';
import { checkTableName, type OptionReader, readOptions, StoreConfigError } from './store-options.ts';

// Backends are imported when configured, so a process loads only the client library it uses
// (ioredis, pg and better-sqlite3 together cost a noticeable part of a cold start).
const redis = () => import('./redis-backend.ts');
const postgres = () => import('./postgres-backend.ts');

/** Where the embedded default keeps conversations, relative to the project folder. */
export const DEFAULT_SQLITE_FILE = '.colloquy/tracker.db';

/** `lock_store` type → the backend of the shared records (and of the message bus beside them). */
export const KV_TYPES: Readonly<Record<string, 'memory' | 'redis' | 'sql'>> = {
  memory: 'memory',
  in_memory: 'memory',
  redis: 'redis',
  concurrent_redis: 'redis',
  sql: 'sql',
};

/**
 * The tracker store of endpoints.yml `tracker_store`; no section = SQLite at
 * `<projectRoot>/.colloquy/tracker.db`. Every store keeps every event (as Rasa's do: Rasa has no
 * key to cap them, so `max_events` is refused rather than ignored). `sql` also takes `table`.
 */
export async function createTrackerStore(config: StoreConfig | undefined, opts: { readonly projectRoot: string }): Promise<TrackerStore> {
  const section = 'tracker_store';
  if (config !== undefined && config.options['max_events'] !== undefined) {
    throw new StoreConfigError(`endpoints.yml ${section}.max_events: colloquy keeps every event of a conversation, as Rasa does; remove this key.`);
  }
  const sqliteFile = sqliteTrackerFile(config, opts.projectRoot);
  if (config === undefined || sqliteFile !== undefined) {
    return openSqlite(section, sqliteFile as string, async (file) => (await import('./sqlite-tracker-store.ts')).openSqliteTrackerStore(file));
  }
  const options = readOptions(section, config.options);
  switch (kindOf(section, config.type, TRACKER_STORE_TYPES)) {
    case 'memory':
      return new MemoryTrackerStore();
    case 'redis': {
      const recordExp = options.number('record_exp');
      const { connectRedis, redisKeyPrefix, redisTrackerStore } = await redis();
      return redisTrackerStore(await connectRedis(options), {
        keyPrefix: redisKeyPrefix(options, 'tracker'),
        eventsKeyPrefix: redisKeyPrefix(options, 'tracker_events'),
        ...(recordExp !== undefined && { recordExpSeconds: recordExp }),
      });
    }
    default: {
      const { connectPostgres, DEFAULT_TRACKER_TABLE, EVENTS_TABLE_SUFFIX, openPostgresTrackerStore } = await postgres();
      const table = checkTableName(section, 'table', options.string('table') ?? DEFAULT_TRACKER_TABLE, 63 - EVENTS_TABLE_SUFFIX.length);
      return openPostgresTrackerStore(await connectPostgres(options), { table });
    }
  }
}

/**
 * The lock store of endpoints.yml `lock_store`. No section: SQLite locks in the file of the tracker
 * store `beside` when that is SQLite (so every process on the project file shares them), else in
 * memory (one process), as Rasa.
 */
export async function createLockStore(
  config: StoreConfig | undefined,
  beside?: { readonly trackerStore: StoreConfig | undefined; readonly projectRoot: string },
): Promise<LockStore> {
  const section = 'lock_store';
  if (config === undefined) {
    const sqliteFile = beside && sqliteTrackerFile(beside.trackerStore, beside.projectRoot);
    if (sqliteFile === undefined) return new MemoryLockStore();
    return openSqlite(section, sqliteFile, async (file) => (await import('./sqlite-lock-store.ts')).openSqliteLockStore(file));
  }
  const options = readOptions(section, config.options);
  switch (kindOf(section, config.type, LOCK_STORE_TYPES)) {
    case 'memory':
      return new MemoryLockStore();
    case 'redis': {
      const { connectRedis, redisKeyPrefix, redisLockStore } = await redis();
      return redisLockStore(await connectRedis(options), redisKeyPrefix(options, 'lock'));
    }
  }
}

/**
 * The key-value store for A2A tasks, dedup records and push configs, from a store section (typically
 * `lock_store`, so replicas sharing locks share these records too); no section = a `kv` table in the
 * SQLite file of a SQLite tracker store `beside` (the records survive a restart), else in memory.
 * `sql` takes `kv_table`; `section` names the section in errors.
 */
export async function createKeyValueStore(
  config: StoreConfig | undefined,
  section = 'lock_store',
  beside?: { readonly trackerStore: StoreConfig | undefined; readonly projectRoot: string },
): Promise<KeyValueStore> {
  if (config === undefined) {
    const sqliteFile = beside && sqliteTrackerFile(beside.trackerStore, beside.projectRoot);
    if (sqliteFile === undefined) return new MemoryKeyValueStore();
    return openSqlite(section, sqliteFile, async (file) => new (await import('./sqlite-key-value-store.ts')).SqliteKeyValueStore({ file }));
  }
  const options = readOptions(section, config.options);
  switch (kindOf(section, config.type, KV_TYPES)) {
    case 'memory':
      return new MemoryKeyValueStore();
    case 'redis': {
      const { connectRedis, redisKeyPrefix, RedisKeyValueStore } = await redis();
      return new RedisKeyValueStore(await connectRedis(options), redisKeyPrefix(options, 'kv'));
    }
    case 'sql': {
      if (sqlDialect(options) !== 'postgresql') throw new StoreConfigError(`endpoints.yml ${section}: shared records need dialect: postgresql (or type redis or memory).`);
      const { connectPostgres, DEFAULT_KV_TABLE, PostgresKeyValueStore } = await postgres();
      const table = checkTableName(section, 'kv_table', options.string('kv_table') ?? DEFAULT_KV_TABLE);
      return PostgresKeyValueStore.open(await connectPostgres(options), { table });
    }
  }
}

function kindOf<K extends string>(section: string, type: string, kinds: Readonly<Record<string, K>>): K {
  const kind = kinds[type];
  if (kind !== undefined) return kind;
  const supported = [...new Set(Object.keys(kinds).filter((name) => /^[a-z_]+$/.test(name)))].join(', ');
  throw new StoreConfigError(`endpoints.yml ${section}.type: '${type}' is not supported by colloquy; use one of ${supported}.`);
}

/** Rasa's `sql` defaults to SQLite; a section that names a server means PostgreSQL. */
function sqlDialect(options: OptionReader): 'sqlite' | 'postgresql' {
  const dialect = options.string('dialect');
  if (dialect === undefined) return options.string('url') !== undefined || options.string('host') !== undefined ? 'postgresql' : 'sqlite';
  if (dialect === 'sqlite') return 'sqlite';
  if (/^postgres(ql)?(\+\w+)?$/.test(dialect)) return 'postgresql';
  throw new StoreConfigError(`endpoints.yml ${options.section}.dialect: '${dialect}' is not supported; use postgresql or sqlite.`);
}

/** The SQLite file of a tracker store section, or undefined when it names another backend (no section = the embedded default). */
function sqliteTrackerFile(config: StoreConfig | undefined, projectRoot: string): string | undefined {
  if (config === undefined) return join(projectRoot, DEFAULT_SQLITE_FILE);
  const options = readOptions('tracker_store', config.options);
  const kind = kindOf('tracker_store', config.type, TRACKER_STORE_TYPES);
  if (kind !== 'sqlite' && !(kind === 'sql' && sqlDialect(options) === 'sqlite')) return undefined;
  return resolveFile(projectRoot, options.string('db') ?? DEFAULT_SQLITE_FILE);
}

async function openSqlite<Store>(section: string, file: string, open: (file: string) => Promise<Store>): Promise<Store> {
  try {
    return await open(file);
  } catch (error) {
    throw new Error(`${section}: cannot open the SQLite file ${file} (${(error as Error).message}). Check that the folder is writable, or set tracker_store.db.`, {
      cause: error,
    });
  }
}

function resolveFile(projectRoot: string, file: string): string {
  return isAbsolute(file) ? file : join(projectRoot, file);
}
