/**
 * Bytes per idle conversation in each tracker store (DESIGN.md goal: ≤ 10 KB for a typical 10-turn
 * conversation). Saves N sample conversations per store and divides what the store holds by N.
 * Needs Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database `test`).
 * Run: npx tsx bench/store-size.ts [conversations=200] [turns=10]
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { encodeState, packState } from '../src/adapters/stores/state-codec.ts';
import { createTrackerStore, DEFAULT_SQLITE_FILE } from '../src/adapters/stores/store-factory.ts';
import type { TrackerStore } from '../src/ports/tracker-store.ts';
import { sampleConversation } from '../test/contracts/sample-conversation.ts';
import { POSTGRES, postgresQuery, postgresTestUser, REDIS, redisKeySpace, uniqueName } from '../test/contracts/services.ts';

const conversations = Number(process.argv[2] ?? 200);
const turns = Number(process.argv[3] ?? 10);
const ids = Array.from({ length: conversations }, (_, i) => `bench-conversation-${i}`);
const TARGET_BYTES = 10 * 1024;

async function fill(store: TrackerStore): Promise<void> {
  for (const id of ids) await store.save(sampleConversation(id, turns));
  await store.close();
}

async function sqliteBytes(): Promise<Record<string, number>> {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-bench-'));
  try {
    await fill(await createTrackerStore(undefined, { projectRoot }));
    const file = join(projectRoot, DEFAULT_SQLITE_FILE);
    const db = new Database(file, { readonly: true });
    const { payload } = db.prepare('SELECT avg(length(state)) AS payload FROM conversations').get() as { payload: number };
    db.close();
    return { 'stored value': payload, 'file / conversations': statSync(file).size / conversations };
  } finally {
    rmSync(projectRoot, { recursive: true, force: true });
  }
}

async function redisBytes(): Promise<Record<string, number>> {
  const { redis, keyPrefix, dispose } = await redisKeySpace('bench');
  try {
    await fill(await createTrackerStore({ type: 'redis', options: { ...REDIS, key_prefix: keyPrefix } }, { projectRoot: '.' }));
    let value = 0;
    let memory = 0;
    for (const id of ids) {
      value += await redis.strlen(`${keyPrefix}:tracker:${id}`);
      memory += Number(await redis.memory('USAGE', `${keyPrefix}:tracker:${id}`));
    }
    return { 'stored value': value / conversations, 'MEMORY USAGE': memory / conversations };
  } finally {
    await dispose();
  }
}

async function postgresBytes(): Promise<Record<string, number>> {
  const table = uniqueName('bench');
  try {
    const options = { dialect: 'postgresql', ...POSTGRES, db: POSTGRES.database, username: await postgresTestUser(), table };
    await fill(await createTrackerStore({ type: 'sql', options }, { projectRoot: '.' }));
    await postgresQuery(`VACUUM ANALYZE ${table}`);
    const { rows } = await postgresQuery(`SELECT avg(pg_column_size(state)) AS value, pg_total_relation_size('${table}') AS total FROM ${table}`);
    const row = rows[0] as { value: string; total: string };
    return { 'stored value (TOAST-compressed)': Number(row.value), 'table+toast+index / conversations': Number(row.total) / conversations };
  } finally {
    await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
  }
}

const sample = sampleConversation('bench-conversation-0', turns);
console.log(`${conversations} idle conversations of ${turns} turns (${sample.events.length} events each); target ≤ ${TARGET_BYTES} bytes each\n`);
const results: [string, Record<string, number>][] = [
  ['memory', { 'as JSON (held as frozen objects, not serialized)': Buffer.byteLength(encodeState(sample)) }],
  ['sqlite', await sqliteBytes()],
  ['redis', await redisBytes()],
  ['postgres', await postgresBytes()],
];
for (const [store, measures] of results) {
  for (const [what, bytes] of Object.entries(measures)) {
    const verdict = bytes <= TARGET_BYTES ? 'ok' : 'OVER TARGET';
    console.log(`${store.padEnd(9)} ${what.padEnd(36)} ${Math.round(bytes).toString().padStart(7)} B  ${verdict}`);
  }
}
console.log(`\n(packed form used by sqlite and redis: ${packState(sample).length} B)`);
