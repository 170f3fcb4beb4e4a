import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeLockStoreContract } from '../../../test/contracts/lock-store.contract.ts';
import { createLockStore, DEFAULT_SQLITE_FILE } from './store-factory.ts';

describeLockStoreContract('sqlite', async () => {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-locks-'));
  // No lock_store and the embedded tracker store: the locks live in the tracker's SQLite file.
  const beside = { trackerStore: undefined, projectRoot };
  return {
    open: () => createLockStore(undefined, beside),
    shared: true,
    otherProcess: { lockStore: undefined, ...beside },
    dispose: async () => rmSync(projectRoot, { recursive: true, force: true }),
  };
});

describe('sqlite lock store', () => {
  it("keeps its leases in the SQLite tracker store's file, named by `db`, and deletes a released one", async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-locks-'));
    try {
      const store = await createLockStore(undefined, { trackerStore: { type: 'sql', options: { dialect: 'sqlite', db: 'rasa.db' } }, projectRoot });
      const lock = await store.acquire('conv-1', { ttlMs: 5_000 });
      const db = new Database(join(projectRoot, 'rasa.db'), { readonly: true });
      const row = db.prepare('SELECT key, expires_at FROM locks').get() as { key: string; expires_at: number };
      expect(row.key).toBe('conv-1');
      expect(row.expires_at - Date.now()).toBeGreaterThan(3_000);
      await lock.release();
      expect(db.prepare('SELECT count(*) AS n FROM locks').get()).toEqual({ n: 0 });
      db.close();
      await store.close();
      const byDefault = await createLockStore(undefined, { trackerStore: undefined, projectRoot });
      await (await byDefault.acquire('conv-2')).release();
      await byDefault.close();
      expect(new Database(join(projectRoot, DEFAULT_SQLITE_FILE), { readonly: true }).prepare("SELECT name FROM sqlite_master WHERE name = 'locks'").get()).toEqual({ name: 'locks' });
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });
});
