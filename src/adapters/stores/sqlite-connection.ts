/**
 * Opens the embedded SQLite file the default stores share (the tracker store and the lock store each
 * hold their own connection to it, so separate processes on one project coordinate through it).
 * WAL lets readers run beside the one writer; a writer that finds the file locked by another
 * connection or process waits for it up to `busy_timeout`.
 * @module
 */
import { mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import Database from 'better-sqlite3';
import { walDatasync, WalSync } from './sqlite-wal-sync.ts';

export interface SqliteConnectionOptions {
  /**
   * `FULL`: a committed write survives `kill -9` and power loss, the commit waiting for fsync.
   * `NORMAL`: it survives `kill -9`, maybe not power loss, and commits faster (locks, which a power
   * loss frees anyway; and the connections of `openDurableSqlite`, which sync the WAL themselves).
   */
  readonly synchronous: 'FULL' | 'NORMAL';
}

/** Opens (creating its folder when missing) the SQLite file `file`. */
export function openSqliteDatabase(file: string, options: SqliteConnectionOptions): Database.Database {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file);
  try {
    db.pragma('journal_mode = WAL');
    db.pragma(`synchronous = ${options.synchronous}`);
    // Another process (e.g. `colloquy inspect` beside `run`, or a second replica) may hold the write lock briefly.
    db.pragma('busy_timeout = 5000');
  } catch (error) {
    db.close();
    throw error;
  }
  return db;
}

/** A connection whose writes are acknowledged once they survive power loss, the fsync off the event loop (see sqlite-wal-sync). */
export interface DurableSqlite {
  readonly db: Database.Database;
  /** Resolves once every commit made before the call is on disk; await it before acknowledging a write. */
  synced(): Promise<void>;
  close(): Promise<void>;
}

export function openDurableSqlite(file: string): DurableSqlite {
  const db = openSqliteDatabase(file, { synchronous: 'NORMAL' });
  if (db.pragma('journal_mode', { simple: true }) !== 'wal') {
    // A file system without WAL support keeps the rollback journal: then FULL commits are the way to durability.
    db.pragma('synchronous = FULL');
    return { db, synced: async () => {}, close: async () => void (db.open && db.close()) };
  }
  const wal = walDatasync(`${db.name}-wal`);
  const sync = new WalSync(wal.datasync);
  return {
    db,
    synced: () => sync.synced(),
    async close() {
      await sync.drain();
      await wal.close();
      if (db.open) db.close();
    },
  };
}
