/**
 * Acceptance: `kill -9` of a real `colloquy run` under load loses no acknowledged turn. After a
 * restart on the same store, every conversation's tracker holds at least the turns that got a 200.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { postgresQuery, postgresTestUser, uniqueName } from '../contracts/services.ts';
import { FIXTURES, say, startColloquy, tempStarterProject, trackerEvents, type ColloquyProcess, type StartOptions } from './colloquy-process.ts';
import { SCRIPT } from './scripted-conversation.ts';

const TURNS = SCRIPT.slice(0, 6);
const WORKERS = 20;
/** The kill comes once this many turns were acknowledged (and the load keeps going meanwhile). */
const ACKED_BEFORE_KILL = 150;

const running: ColloquyProcess[] = [];
const cleanups: (() => Promise<void> | void)[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
  for (const cleanup of cleanups.splice(0)) await cleanup();
});

async function start(options: StartOptions): Promise<ColloquyProcess> {
  const server = await startColloquy(options);
  running.push(server);
  return server;
}

/** Runs conversations on `server` until it dies; returns the acknowledged turns per conversation. */
async function loadUntilKilled(server: ColloquyProcess, runId: string): Promise<Map<string, number>> {
  const acked = new Map<string, number>();
  let total = 0;
  let killed: Promise<void> | undefined;
  let conversation = 0;
  const worker = async () => {
    while (!killed || server.child.exitCode === null) {
      const sender = `${runId}-${conversation++}`;
      for (const { message } of TURNS) {
        let status: number;
        try {
          status = (await say(server.url, sender, message)).status;
        } catch {
          return; // connection reset by the kill: this turn was never acknowledged
        }
        expect(status).toBe(200);
        acked.set(sender, (acked.get(sender) ?? 0) + 1);
        if (++total === ACKED_BEFORE_KILL) killed = server.kill9();
      }
      if (conversation > 10_000) throw new Error('the server was never killed');
    }
  };
  await Promise.all(Array.from({ length: WORKERS }, worker));
  await killed;
  return acked;
}

async function expectDurable(restarted: ColloquyProcess, acked: Map<string, number>): Promise<void> {
  const missing: string[] = [];
  for (const [sender, turns] of acked) {
    const user = (await trackerEvents(restarted.url, sender)).filter((e) => e.event === 'user').map((e) => e.text);
    const expected = TURNS.slice(0, turns).map((t) => t.message);
    if (user.length < turns || JSON.stringify(user.slice(0, turns)) !== JSON.stringify(expected)) missing.push(`${sender}: ${turns} acknowledged, tracker has ${JSON.stringify(user)}`);
  }
  expect(acked.size).toBeGreaterThan(WORKERS);
  expect(missing.slice(0, 5), `${missing.length} conversations lost acknowledged turns`).toEqual([]);
}

describe('kill -9 under load', () => {
  it('loses no acknowledged turn with the default SQLite store', { timeout: 90_000 }, async () => {
    const { dir: project, remove } = tempStarterProject();
    cleanups.push(remove);

    const first = await start({ project });
    const acked = await loadUntilKilled(first, uniqueName('sqlite'));
    await expectDurable(await start({ project }), acked);
  });

  it('loses no acknowledged turn with PostgreSQL trackers', { timeout: 90_000 }, async () => {
    const table = uniqueName('crash');
    cleanups.push(() => postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`).then(() => undefined));
    const options = { endpoints: `${FIXTURES}postgres-only-endpoints.yml`, env: { COLLOQUY_TEST_TABLE: table, COLLOQUY_TEST_PG_USER: await postgresTestUser() } };

    const first = await start(options);
    const acked = await loadUntilKilled(first, table);
    await expectDurable(await start(options), acked);
  });
});
