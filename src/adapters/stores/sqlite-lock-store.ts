/**
 * Lock store in the embedded SQLite file, the default beside the SQLite tracker store: every process
 * on one project file (`colloquy run` replicas, `colloquy inspect`) takes a conversation's lock from
 * the same `locks` table, so their turns of one conversation run one at a time. A lease is a row
 * whose `expires_at` (ms since the epoch: the processes share a host, hence a clock) the holder keeps
 * pushing forward (see lease-lock-store).
 * @module
 */
import { type LeaseBackend, LeaseLockStore } from './lease-lock-store.ts';
import { openSqliteDatabase } from './sqlite-connection.ts';

/** A lock store in the SQLite file `file` (its folder is created when missing). */
export function openSqliteLockStore(file: string): LeaseLockStore {
  const db = openSqliteDatabase(file, { synchronous: 'NORMAL' });
  db.exec('CREATE TABLE IF NOT EXISTS locks (key TEXT PRIMARY KEY, token TEXT NOT NULL, expires_at INTEGER NOT NULL) WITHOUT ROWID');
  // Inserts, or takes over an expired lease; a live one is left alone and nothing changes.
  const take = db.prepare<[string, string, number, number]>(
    `INSERT INTO locks (key, token, expires_at) VALUES (?, ?, ?)
     ON CONFLICT (key) DO UPDATE SET token = excluded.token, expires_at = excluded.expires_at WHERE locks.expires_at <= ?`,
  );
  const renew = db.prepare<[number, string, string]>('UPDATE locks SET expires_at = ? WHERE key = ? AND token = ?');
  const drop = db.prepare<[string, string]>('DELETE FROM locks WHERE key = ? AND token = ?');
  const leases: LeaseBackend = {
    async take(key, token, ttlMs) {
      const now = Date.now();
      return take.run(key, token, now + ttlMs, now).changes === 1;
    },
    renew: async (key, token, ttlMs) => renew.run(Date.now() + ttlMs, key, token).changes === 1,
    async drop(key, token) {
      drop.run(key, token);
    },
    async close() {
      if (db.open) db.close();
    },
  };
  return new LeaseLockStore(leases);
}
