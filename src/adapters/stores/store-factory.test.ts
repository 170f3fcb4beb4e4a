import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import type { StoreConfig } from '../../core/assistant.ts';
import { LeaseLockStore } from './lease-lock-store.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';
import { MemoryLockStore } from './memory-lock-store.ts';
import { MemoryTrackerStore } from './memory-tracker-store.ts';
import { createKeyValueStore, createLockStore, createTrackerStore } from './store-factory.ts';
import { freePort } from '../../server/free-port.ts';

const projectRoot = '/nonexistent';

describe('store factory', () => {
  it("maps Rasa's in-memory types to the memory stores, and no section to memory locks and records", async () => {
    expect(await createTrackerStore({ type: 'InMemoryTrackerStore', options: {} }, { projectRoot })).toBeInstanceOf(MemoryTrackerStore);
    expect(await createTrackerStore({ type: 'memory', options: {} }, { projectRoot })).toBeInstanceOf(MemoryTrackerStore);
    expect(await createLockStore({ type: 'in_memory', options: {} })).toBeInstanceOf(MemoryLockStore);
    expect(await createLockStore(undefined)).toBeInstanceOf(MemoryLockStore);
    expect(await createKeyValueStore(undefined)).toBeInstanceOf(MemoryKeyValueStore);
  });

  it('names the section, the type and the supported types for an unknown type', async () => {
    await expect(createTrackerStore({ type: 'mongod', options: {} }, { projectRoot })).rejects.toThrow(
      "endpoints.yml tracker_store.type: 'mongod' is not supported by colloquy; use one of memory, in_memory, sqlite, redis, sql.",
    );
    await expect(createLockStore({ type: 'zookeeper', options: {} })).rejects.toThrow(/lock_store\.type: 'zookeeper'.*in_memory, memory, redis, concurrent_redis/);
    await expect(createKeyValueStore({ type: 'dynamo', options: {} })).rejects.toThrow(/lock_store\.type: 'dynamo'/);
  });

  it('names the key of a malformed option', async () => {
    await expect(createTrackerStore({ type: 'redis', options: { record_exp: 'many' } }, { projectRoot })).rejects.toThrow(
      'endpoints.yml tracker_store.record_exp: expected a number, got "many".',
    );
    await expect(createTrackerStore({ type: 'redis', options: { key_prefix: 'a b' } }, { projectRoot })).rejects.toThrow(/tracker_store\.key_prefix/);
    await expect(createTrackerStore({ type: 'sql', options: { dialect: 'mysql' } }, { projectRoot })).rejects.toThrow(
      "endpoints.yml tracker_store.dialect: 'mysql' is not supported; use postgresql or sqlite.",
    );
    await expect(createTrackerStore({ type: 'sql', options: { dialect: 'postgresql', table: 'drop table;' } }, { projectRoot })).rejects.toThrow(
      /tracker_store\.table/,
    );
  });

  it('refuses max_events: every store keeps the whole history, and Rasa has no such key', async () => {
    for (const type of ['memory', 'sqlite', 'redis']) {
      await expect(createTrackerStore({ type, options: { max_events: 200 } }, { projectRoot })).rejects.toThrow(
        'endpoints.yml tracker_store.max_events: colloquy keeps every event of a conversation, as Rasa does; remove this key.',
      );
    }
  });

  it('puts the locks beside an SQLite tracker store when no lock_store is set, else in memory', async () => {
    const root = mkdtempSync(join(tmpdir(), 'colloquy-factory-'));
    try {
      const beside = async (trackerStore: StoreConfig | undefined) => {
        const store = await createLockStore(undefined, { trackerStore, projectRoot: root });
        await store.close();
        return store;
      };
      expect(await beside(undefined)).toBeInstanceOf(LeaseLockStore);
      expect(await beside({ type: 'sql', options: {} })).toBeInstanceOf(LeaseLockStore);
      expect(await beside({ type: 'memory', options: {} })).toBeInstanceOf(MemoryLockStore);
      expect(await beside({ type: 'redis', options: {} })).toBeInstanceOf(MemoryLockStore);
      expect(await beside({ type: 'sql', options: { dialect: 'postgresql' } })).toBeInstanceOf(MemoryLockStore);
    } finally {
      rmSync(root, { recursive: true, force: true });
    }
  });

  it('fails fast with the address when Redis or PostgreSQL cannot be reached', async () => {
    const port = await freePort();
    await expect(createLockStore({ type: 'redis', options: { url: '127.0.0.1', port } })).rejects.toThrow(
      new RegExp(`lock_store: cannot reach Redis at 127\\.0\\.0\\.1:${port} \\(connect ECONNREFUSED`),
    );
    await expect(createTrackerStore({ type: 'sql', options: { dialect: 'postgresql', host: '127.0.0.1', port, db: 'x' } }, { projectRoot })).rejects.toThrow(
      new RegExp(`tracker_store: cannot use PostgreSQL at 127\\.0\\.0\\.1:${port} `),
    );
  });

  it('says which SQLite file cannot be opened', async () => {
    const notAFolder = join(mkdtempSync(join(tmpdir(), 'colloquy-factory-')), 'plain-file');
    writeFileSync(notAFolder, '');
    const file = join(notAFolder, 'tracker.db');
    await expect(createTrackerStore({ type: 'sqlite', options: { db: file } }, { projectRoot })).rejects.toThrow(
      `tracker_store: cannot open the SQLite file ${file} (`,
    );
    rmSync(dirname(notAFolder), { recursive: true, force: true });
  });
});
