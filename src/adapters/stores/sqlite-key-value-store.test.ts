import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeKeyValueStoreContract } from '../../../test/contracts/kv-store.contract.ts';
import { SqliteKeyValueStore } from './sqlite-key-value-store.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';
import { createKeyValueStore, DEFAULT_SQLITE_FILE } from './store-factory.ts';

describeKeyValueStoreContract('sqlite', async () => {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-kv-'));
  return {
    // The embedded default: no lock_store section, the tracker store's SQLite file.
    open: () => createKeyValueStore(undefined, 'lock_store', { trackerStore: undefined, projectRoot }),
    shared: true,
    dispose: async () => rmSync(projectRoot, { recursive: true, force: true }),
  };
});

describe('sqlite key-value store', () => {
  it('keeps records across a reopen of the file, expired ones excepted', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-kv-'));
    let now = 1_000;
    const file = join(projectRoot, DEFAULT_SQLITE_FILE);
    try {
      const first = new SqliteKeyValueStore({ file, now: () => now });
      await first.set('a2a:task:1', '{"id":"1"}');
      await first.set('a2a:dedup:c:m', 'done', 500);
      await first.close();
      now = 1_200;
      const second = new SqliteKeyValueStore({ file, now: () => now });
      expect(await second.get('a2a:task:1')).toBe('{"id":"1"}');
      expect(await second.get('a2a:dedup:c:m')).toBe('done');
      now = 2_000;
      expect(await second.keysWithPrefix('a2a:')).toEqual(['a2a:task:1']);
      await second.close();
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });

  it('is the embedded default only beside a SQLite tracker store', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-kv-'));
    try {
      for (const trackerStore of [undefined, { type: 'sqlite', options: { db: 'x.db' } }, { type: 'sql', options: { dialect: 'sqlite', db: 'r.db' } }]) {
        const store = await createKeyValueStore(undefined, 'lock_store', { trackerStore, projectRoot });
        expect(store).toBeInstanceOf(SqliteKeyValueStore);
        await store.close();
      }
      for (const trackerStore of [{ type: 'memory', options: {} }, { type: 'redis', options: {} }]) {
        expect(await createKeyValueStore(undefined, 'lock_store', { trackerStore, projectRoot })).toBeInstanceOf(MemoryKeyValueStore);
      }
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });
});
