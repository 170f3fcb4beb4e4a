/**
 * The embedded default key-value store: a `kv` table beside the conversations in the SQLite file
 * of the default tracker store, so A2A tasks, dedup records, reservations and push configs survive
 * a restart without Redis. Several processes on one file share the records (SQLite's write lock
 * makes `setIfAbsent` atomic).
 * @module
 */
import type Database from 'better-sqlite3';
import type { KeyValueStore } from '../../ports/key-value-store.ts';
import { type DurableSqlite, openDurableSqlite } from './sqlite-connection.ts';

/** Expired rows nobody reads again are deleted once per this many writes. */
const SWEEP_EVERY_WRITES = 1_000;

export interface SqliteKeyValueStoreOptions {
  /** Path of the database file; its folder is created when missing. */
  readonly file: string;
  readonly now?: () => number;
}

export class SqliteKeyValueStore implements KeyValueStore {
  private readonly connection: DurableSqlite;
  private readonly now: () => number;
  private writes = 0;
  private readonly statements: {
    readonly get: Database.Statement<[string, number], { value: string }>;
    readonly set: Database.Statement<[string, string, number | null]>;
    readonly insertNew: Database.Statement<[string, string, number | null]>;
    readonly deleteExpiredKey: Database.Statement<[string, number]>;
    readonly delete: Database.Statement<[string]>;
    readonly keys: Database.Statement<[{ prefix: string; now: number }], { key: string }>;
    readonly sweep: Database.Statement<[number]>;
  };
  private readonly claim: (key: string, value: string, expiresAt: number | null) => boolean;

  constructor(options: SqliteKeyValueStoreOptions) {
    this.now = options.now ?? Date.now;
    // Durable: a dedup record or reservation that was acknowledged must survive a crash, like the conversation.
    this.connection = openDurableSqlite(options.file);
    const db = this.connection.db;
    db.exec('CREATE TABLE IF NOT EXISTS kv (key TEXT PRIMARY KEY, value TEXT NOT NULL, expires_at INTEGER)');
    this.statements = {
      get: db.prepare('SELECT value FROM kv WHERE key = ? AND (expires_at IS NULL OR expires_at > ?)'),
      set: db.prepare('INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value, expires_at = excluded.expires_at'),
      insertNew: db.prepare('INSERT INTO kv (key, value, expires_at) VALUES (?, ?, ?) ON CONFLICT (key) DO NOTHING'),
      deleteExpiredKey: db.prepare('DELETE FROM kv WHERE key = ? AND expires_at <= ?'),
      delete: db.prepare('DELETE FROM kv WHERE key = ?'),
      // A literal prefix: substr, not LIKE or GLOB, so '%', '_', '*' and '[' match only themselves.
      keys: db.prepare('SELECT key FROM kv WHERE key >= @prefix AND substr(key, 1, length(@prefix)) = @prefix AND (expires_at IS NULL OR expires_at > @now)'),
      sweep: db.prepare('DELETE FROM kv WHERE expires_at <= ?'),
    };
    // One IMMEDIATE transaction: an expired holder is dropped and the new claim inserted under one write lock.
    const claim = db.transaction((key: string, value: string, expiresAt: number | null) => {
      this.statements.deleteExpiredKey.run(key, this.now());
      return this.statements.insertNew.run(key, value, expiresAt).changes === 1;
    });
    this.claim = (key, value, expiresAt) => claim.immediate(key, value, expiresAt);
  }

  async get(key: string): Promise<string | undefined> {
    return this.statements.get.get(key, this.now())?.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.countWrite();
    this.statements.set.run(key, value, this.expiry(ttlMs));
    await this.connection.synced();
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    this.countWrite();
    const claimed = this.claim(key, value, this.expiry(ttlMs));
    await this.connection.synced();
    return claimed;
  }

  async delete(key: string): Promise<void> {
    this.statements.delete.run(key);
    await this.connection.synced();
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    return this.statements.keys.all({ prefix, now: this.now() }).map((row) => row.key);
  }

  close(): Promise<void> {
    return this.connection.close();
  }

  private expiry(ttlMs: number | undefined): number | null {
    return ttlMs === undefined ? null : this.now() + ttlMs;
  }

  private countWrite(): void {
    if (++this.writes % SWEEP_EVERY_WRITES === 0) this.statements.sweep.run(this.now());
  }
}
