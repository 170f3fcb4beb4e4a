/**
 * Key-value store in PostgreSQL: a table with `expires_at` judged by the server's clock (so replicas
 * agree), expired rows hidden on read and deleted periodically.
 * @module
 */
import type pg from 'pg';
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import { createTableOnce, quoteIdentifier } from './postgres-connection.ts';

export const DEFAULT_KV_TABLE = 'colloquy_kv';
const LIVE = '(expires_at IS NULL OR expires_at > now())';
const EXPIRES = "CASE WHEN $3::float8 IS NULL THEN NULL ELSE now() + $3::float8 * interval '1 millisecond' END";

export interface PostgresKeyValueStoreOptions {
  readonly table?: string;
  /** How often expired rows are deleted; default one minute. */
  readonly cleanupIntervalMs?: number;
}

export class PostgresKeyValueStore implements KeyValueStore {
  private readonly table: string;
  private cleanup?: NodeJS.Timeout;

  private constructor(
    private readonly pool: pg.Pool,
    table: string,
  ) {
    this.table = quoteIdentifier(table);
  }

  /** Takes ownership of `pool`: `close()` ends it. */
  static async open(pool: pg.Pool, options: PostgresKeyValueStoreOptions = {}): Promise<PostgresKeyValueStore> {
    const store = new PostgresKeyValueStore(pool, options.table ?? DEFAULT_KV_TABLE);
    await createTableOnce(pool, `CREATE TABLE IF NOT EXISTS ${store.table} (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at TIMESTAMPTZ)`);
    store.cleanup = setInterval(() => void store.deleteExpired().catch(() => undefined), options.cleanupIntervalMs ?? 60_000);
    store.cleanup.unref();
    return store;
  }

  async get(key: string): Promise<string | undefined> {
    const result = await this.pool.query<{ value: string }>(`SELECT value FROM ${this.table} WHERE key = $1 AND ${LIVE}`, [key]);
    return result.rows[0]?.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (key, value, expires_at) VALUES ($1, $2, ${EXPIRES})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at`,
      [key, value, ttlMs ?? null],
    );
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    // One statement: inserts, or takes over an expired row; a live row is left alone and nothing returns.
    const result = await this.pool.query(
      `INSERT INTO ${this.table} AS kv (key, value, expires_at) VALUES ($1, $2, ${EXPIRES})
       ON CONFLICT (key) DO UPDATE SET value = EXCLUDED.value, expires_at = EXCLUDED.expires_at
       WHERE kv.expires_at IS NOT NULL AND kv.expires_at <= now()
       RETURNING key`,
      [key, value, ttlMs ?? null],
    );
    return result.rowCount === 1;
  }

  async delete(key: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE key = $1`, [key]);
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    const result = await this.pool.query<{ key: string }>(`SELECT key FROM ${this.table} WHERE starts_with(key, $1) AND ${LIVE}`, [prefix]);
    return result.rows.map((row) => row.key);
  }

  /** Deletes expired rows (also run periodically). */
  async deleteExpired(): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE expires_at <= now()`);
  }

  async close(): Promise<void> {
    clearInterval(this.cleanup);
    await this.pool.end();
  }
}
