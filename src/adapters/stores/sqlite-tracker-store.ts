/**
 * The embedded default tracker store: one SQLite file, one row per conversation holding its packed
 * compact JSON (see state-codec). WAL with synchronous=FULL, so a save that has returned survives `kill -9`
 * and power loss.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { DEFAULT_MAX_EVENTS, packState, unpackState } from './state-codec.ts';

export interface SqliteTrackerStoreOptions {
  /** Path of the database file; its folder is created when missing. */
  readonly file: string;
  readonly maxEvents?: number;
}

export class SqliteTrackerStore implements TrackerStore {
  private readonly db: Database.Database;
  private readonly statements: {
    readonly load: Database.Statement<[string], { state: Buffer | string }>;
    readonly save: Database.Statement<[string, Buffer, number]>;
    readonly delete: Database.Statement<[string]>;
    readonly keys: Database.Statement<[], { sender_id: string }>;
  };

  constructor(private readonly options: SqliteTrackerStoreOptions) {
    mkdirSync(dirname(options.file), { recursive: true });
    this.db = new Database(options.file);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = FULL');
    // Another process (e.g. `colloquy inspect` beside `run`) may hold the write lock briefly.
    this.db.pragma('busy_timeout = 5000');
    this.db.exec(
      'CREATE TABLE IF NOT EXISTS conversations (sender_id TEXT PRIMARY KEY, state BLOB NOT NULL, updated_at INTEGER NOT NULL)',
    );
    this.statements = {
      load: this.db.prepare('SELECT state FROM conversations WHERE sender_id = ?'),
      save: this.db.prepare(
        'INSERT INTO conversations (sender_id, state, updated_at) VALUES (?, ?, ?) ON CONFLICT (sender_id) DO UPDATE SET state = excluded.state, updated_at = excluded.updated_at',
      ),
      delete: this.db.prepare('DELETE FROM conversations WHERE sender_id = ?'),
      keys: this.db.prepare('SELECT sender_id FROM conversations'),
    };
  }

  async load(senderId: string): Promise<ConversationState | undefined> {
    const row = this.statements.load.get(senderId);
    return row === undefined ? undefined : unpackState(row.state);
  }

  async save(state: ConversationState): Promise<void> {
    this.statements.save.run(state.sender_id, packState(state, this.options.maxEvents ?? DEFAULT_MAX_EVENTS), Date.now());
  }

  async delete(senderId: string): Promise<void> {
    this.statements.delete.run(senderId);
  }

  async keys(): Promise<string[]> {
    return this.statements.keys.all().map((row) => row.sender_id);
  }

  async close(): Promise<void> {
    if (this.db.open) this.db.close();
  }
}
