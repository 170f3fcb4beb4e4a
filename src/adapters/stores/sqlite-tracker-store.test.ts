import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { packState } from './state-codec.ts';
import { createTrackerStore, DEFAULT_SQLITE_FILE } from './store-factory.ts';

describeTrackerStoreContract('sqlite', async () => {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-'));
  return {
    // No section at all is the embedded default: SQLite in the project folder.
    open: () => createTrackerStore(undefined, { projectRoot }),
    persistent: true,
    dispose: async () => rmSync(projectRoot, { recursive: true, force: true }),
  };
});

describe('sqlite tracker store', () => {
  it('keeps an acknowledged save when the process is killed with SIGKILL right after', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-'));
    try {
      const crashing = join(import.meta.dirname, '../../../test/contracts/sqlite-save-then-crash.ts');
      const child = spawnSync(process.execPath, ['--import', 'tsx', crashing, projectRoot], { encoding: 'utf8' });
      expect(child.signal, child.stderr).toBe('SIGKILL');
      const store = await createTrackerStore(undefined, { projectRoot });
      expect(await store.load('crash')).toEqual(asStored(sampleConversation('crash')));
      await store.close();
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });

  it('puts the default file at <project>/.colloquy/tracker.db and a relative `db` under the project', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-'));
    try {
      const byDefault = await createTrackerStore(undefined, { projectRoot });
      const bySql = await createTrackerStore({ type: 'sql', options: { dialect: 'sqlite', db: 'rasa.db' } }, { projectRoot });
      await byDefault.close();
      await bySql.close();
      expect(existsSync(join(projectRoot, DEFAULT_SQLITE_FILE))).toBe(true);
      expect(existsSync(join(projectRoot, 'rasa.db'))).toBe(true);
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });

  it('reads a conversation stored whole by an earlier colloquy and moves it to the chunked log on the next save', async () => {
    const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-sqlite-'));
    try {
      await (await createTrackerStore(undefined, { projectRoot })).close();
      const db = new Database(join(projectRoot, DEFAULT_SQLITE_FILE));
      const old = sampleConversation('old', 30);
      db.prepare('INSERT INTO conversations (sender_id, state, updated_at) VALUES (?, ?, ?)').run('old', packState(old), Date.now());
      const store = await createTrackerStore(undefined, { projectRoot });
      expect(await store.load('old')).toEqual(asStored(old));
      const continued = sampleConversation('old', 31);
      await store.save(continued);
      expect(await store.load('old')).toEqual(asStored(continued));
      expect(db.prepare("SELECT count(*) AS n FROM conversation_events WHERE sender_id = 'old'").get()).toEqual({ n: 2 });
      await store.close();
      db.close();
    } finally {
      rmSync(projectRoot, { recursive: true, force: true });
    }
  });
});
