import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { emptyConversationState } from '../../core/state.ts';
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
    await expect(createTrackerStore({ type: 'memory', options: { max_events: 'many' } }, { projectRoot })).rejects.toThrow(
      'endpoints.yml tracker_store.max_events: expected a number, got "many".',
    );
    await expect(createTrackerStore({ type: 'redis', options: { key_prefix: 'a b' } }, { projectRoot })).rejects.toThrow(/tracker_store\.key_prefix/);
    await expect(createTrackerStore({ type: 'sql', options: { dialect: 'mysql' } }, { projectRoot })).rejects.toThrow(
      "endpoints.yml tracker_store.dialect: 'mysql' is not supported; use postgresql or sqlite.",
    );
    await expect(createTrackerStore({ type: 'sql', options: { dialect: 'postgresql', table: 'drop table;' } }, { projectRoot })).rejects.toThrow(
      /tracker_store\.table/,
    );
  });

  it('keeps max_events from endpoints.yml', async () => {
    const store = await createTrackerStore({ type: 'memory', options: { max_events: '2' } }, { projectRoot });
    const event = { event: 'action', name: 'action_listen', timestamp: 1 } as const;
    await store.save({ ...emptyConversationState('c', {}), events: [event, event, { ...event, timestamp: 2 }], latest_event_time: 2 });
    expect((await store.load('c'))?.events.map((e) => e.timestamp)).toEqual([1, 2]);
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
