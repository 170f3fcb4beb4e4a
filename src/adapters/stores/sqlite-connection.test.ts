import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDurableSqlite } from './sqlite-connection.ts';

/** SQLite's codes for the `synchronous` pragma. */
const NORMAL = 1;
const FULL = 2;

describe('durable SQLite connection', () => {
  it('commits without fsync in WAL mode and syncs the WAL file when asked', async () => {
    const folder = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-durable-'));
    const connection = openDurableSqlite(join(folder, 'a.db'));
    try {
      expect(connection.db.pragma('synchronous', { simple: true })).toBe(NORMAL);
      connection.db.exec('CREATE TABLE t (x)');
      await connection.synced();
    } finally {
      await connection.close();
      rmSync(folder, { recursive: true, force: true });
    }
  });

  it('falls back to FULL commits where the journal cannot be a WAL', async () => {
    const connection = openDurableSqlite(':memory:');
    expect(connection.db.pragma('synchronous', { simple: true })).toBe(FULL);
    await connection.synced();
    await connection.close();
  });
});
