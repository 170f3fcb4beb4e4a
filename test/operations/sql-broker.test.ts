/**
 * `event_broker: {type: sql}` as Rasa's SQL broker: every event one row of the table `events`
 * (`id`, `sender_id`, `data` = the published JSON), in order, on SQLite and on the real PostgreSQL.
 */
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, describe, expect, it } from 'vitest';
import { postgresQuery, postgresTestUser, uniqueName } from '../contracts/services.ts';
import { say, startColloquy, tempStarterProject, trackerEvents, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { SCRIPT } from '../serving/scripted-conversation.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const TURNS = SCRIPT.slice(0, 4);

interface Row {
  readonly sender_id: string;
  readonly data: string;
}

const running: ColloquyProcess[] = [];
const projects: ReturnType<typeof tempStarterProject>[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  for (const p of projects.splice(0)) p.remove();
});

/** Runs the turns, then waits until the table holds as many rows for `sender` as the tracker has events. */
async function converseAndRead(endpoints: string, env: Record<string, string>, sender: string, read: (project: string) => Promise<Row[]>) {
  const project = tempStarterProject();
  projects.push(project);
  const server = await startColloquy({ project: project.dir, endpoints: `${FIXTURES}${endpoints}`, env });
  running.push(server);
  for (const { message, replies } of TURNS) expect((await say(server.url, sender, message)).texts).toEqual(replies);
  const tracker = await trackerEvents(server.url, sender);
  const deadline = Date.now() + 20_000;
  let rows = await read(project.dir);
  while (rows.length < tracker.length && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    rows = await read(project.dir);
  }
  return { tracker, rows };
}

function expectSameEvents(rows: readonly Row[], tracker: readonly { event: string }[], sender: string) {
  expect(rows.every((r) => r.sender_id === sender)).toBe(true);
  const published = rows.map((r) => JSON.parse(r.data) as { sender_id: string });
  expect(published.map(({ sender_id: _, ...event }) => event)).toEqual(tracker);
  expect(published.every((e) => e.sender_id === sender)).toBe(true);
}

describe('event_broker type sql', () => {
  it('writes every event to the SQLite table events, in order', async () => {
    const sender = 'sql-broker-sqlite';
    const { tracker, rows } = await converseAndRead('sql-sqlite-endpoints.yml', { BROKER_DB: 'broker/events.db' }, sender, async (dir) => {
      const db = new Database(join(dir, 'broker/events.db'), { readonly: true, fileMustExist: true });
      try {
        return db.prepare('SELECT sender_id, data FROM events WHERE sender_id = ? ORDER BY id').all(sender) as Row[];
      } finally {
        db.close();
      }
    });
    expectSameEvents(rows, tracker, sender);
  }, 60_000);

  it('writes every event to the PostgreSQL table events, in order', async () => {
    const sender = uniqueName('sqlbroker');
    const user = await postgresTestUser();
    try {
      const { tracker, rows } = await converseAndRead('sql-postgres-endpoints.yml', { BROKER_DB_USER: user }, sender, async () => {
        const result = await postgresQuery(`SELECT sender_id, data FROM events WHERE sender_id = '${sender}' ORDER BY id`).catch(() => ({ rows: [] }));
        return result.rows as Row[];
      });
      expectSameEvents(rows, tracker, sender);
    } finally {
      await postgresQuery(`DELETE FROM events WHERE sender_id = '${sender}'`).catch(() => undefined);
    }
  }, 60_000);
});
