import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { asStored, sampleConversation } from '../../../test/contracts/sample-conversation.ts';
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
});
