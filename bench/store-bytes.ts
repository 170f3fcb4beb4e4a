/**
 * What the durable tracker stores hold per conversation, head and event chunks together, for the
 * size benchmarks (store-size.ts, serve.ts): each store gets the given states saved, then is measured
 * through its own tools. Needs Redis (127.0.0.1:6379) and PostgreSQL (127.0.0.1:5432, database `test`).
 * @module
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import Database from 'better-sqlite3';
import { MemoryTrackerStore } from '../src/adapters/stores/memory-tracker-store.ts';
import { createTrackerStore, DEFAULT_SQLITE_FILE } from '../src/adapters/stores/store-factory.ts';
import type { ConversationState } from '../src/core/state.ts';
import type { TrackerStore } from '../src/ports/tracker-store.ts';
import { POSTGRES, postgresQuery, postgresTestUser, REDIS, redisKeySpace, uniqueName } from '../test/contracts/services.ts';

/** One measure: average bytes per conversation; `judged` false for measures the target is not about. */
export type StoreBytes = readonly [store: string, what: string, bytes: number, judged?: false];

export const TARGET_BYTES = 10 * 1024;

async function fill(store: TrackerStore, states: readonly ConversationState[]): Promise<void> {
  for (const state of states) await store.save(state);
  await store.close();
}

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;

/** Conversations the memory measure saves at least (the states repeated), so that GC noise stays small. */
const HEAP_SAMPLE = 1_000;

/**
 * Memory (heap and buffers) the memory store holds once the states (copies, so that nothing else holds them) are saved:
 * in use (as objects), then idle (packed).
 */
async function memoryBytes(states: readonly ConversationState[]): Promise<StoreBytes[]> {
  const count = Math.max(states.length, HEAP_SAMPLE);
  // Buffers (the packed conversations) live outside the V8 heap: `external` counts them.
  const held = (): number => (gc(), gc(), process.memoryUsage().heapUsed + process.memoryUsage().external);
  const heapSince = (start: number): number => (held() - start) / count;
  const start = held();
  const store = new MemoryTrackerStore({ idleMs: 0 });
  for (let i = 0; i < count; i++) await store.save({ ...structuredClone(states[i % states.length]!), sender_id: `heap-${i}` });
  const inUse = heapSince(start);
  store.packIdle();
  const idle = heapSince(start);
  await store.close();
  return [
    ['memory', 'memory held, in use (as objects)', inUse, false],
    ['memory', 'memory held, idle (packed)', idle],
  ];
}

async function sqliteBytes(states: readonly ConversationState[]): Promise<StoreBytes[]> {
  const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-bench-'));
  try {
    await fill(await createTrackerStore(undefined, { projectRoot }), states);
    const file = join(projectRoot, DEFAULT_SQLITE_FILE);
    const db = new Database(file, { readonly: true });
    const sum = (sql: string): number => (db.prepare(sql).get() as { n: number | null }).n ?? 0;
    const stored = sum('SELECT sum(length(state)) AS n FROM conversations') + sum('SELECT sum(length(events)) AS n FROM conversation_events');
    db.close();
    return [
      ['sqlite', 'stored values', stored / states.length],
      ['sqlite', 'file / conversations', statSync(file).size / states.length],
    ];
  } finally {
    rmSync(projectRoot, { recursive: true, force: true });
  }
}

async function redisBytes(states: readonly ConversationState[]): Promise<StoreBytes[]> {
  const { redis, keyPrefix, dispose } = await redisKeySpace('bench');
  try {
    await fill(await createTrackerStore({ type: 'redis', options: { ...REDIS, key_prefix: keyPrefix } }, { projectRoot: '.' }), states);
    let memory = 0;
    for (const { sender_id: id } of states) {
      for (const key of [`${keyPrefix}:tracker:${id}`, `${keyPrefix}:tracker_events:${id}`]) memory += Number((await redis.memory('USAGE', key)) ?? 0);
    }
    return [['redis', 'MEMORY USAGE (head + chunks)', memory / states.length]];
  } finally {
    await dispose();
  }
}

async function postgresBytes(states: readonly ConversationState[]): Promise<StoreBytes[]> {
  const table = uniqueName('bench');
  try {
    const options = { dialect: 'postgresql', ...POSTGRES, db: POSTGRES.database, username: await postgresTestUser(), table };
    await fill(await createTrackerStore({ type: 'sql', options }, { projectRoot: '.' }), states);
    await postgresQuery(`VACUUM ANALYZE ${table}, ${table}_events`);
    const { rows } = await postgresQuery(
      `SELECT (SELECT coalesce(sum(pg_column_size(state)), 0) FROM ${table}) + (SELECT coalesce(sum(pg_column_size(events)), 0) FROM ${table}_events) AS value,
              pg_total_relation_size('${table}') + pg_total_relation_size('${table}_events') AS total`,
    );
    const row = rows[0] as { value: string; total: string };
    return [
      ['postgres', 'stored values (TOAST-compressed)', Number(row.value) / states.length],
      ['postgres', 'tables+toast+indexes / conversations', Number(row.total) / states.length],
    ];
  } finally {
    await postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`);
  }
}

/** Average bytes per conversation in each store once `states` (distinct senders) are saved. */
export async function bytesPerConversation(states: readonly ConversationState[]): Promise<StoreBytes[]> {
  return [...(await memoryBytes(states)), ...(await sqliteBytes(states)), ...(await redisBytes(states)), ...(await postgresBytes(states))];
}

export function printBytes(measures: readonly StoreBytes[]): void {
  for (const [store, what, bytes, judged] of measures) {
    const verdict = judged === false ? '(not idle)' : bytes <= TARGET_BYTES ? 'ok' : 'OVER TARGET';
    console.log(`${store.padEnd(9)} ${what.padEnd(40)} ${Math.round(bytes).toString().padStart(7)} B  ${verdict}`);
  }
}
