/**
 * Per-turn store time as a conversation grows: one conversation of `turns` turns saved turn by turn,
 * each turn a load and a save as the turn processor does them, in each tracker store; prints the
 * mean load+save time over the first and the last 20 turns (every event is kept, so a turn that
 * grew with the history would show here). Needs Redis and PostgreSQL like store-size.ts.
 * Run: npx tsx bench/store-history.ts [turns=1000]
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createTrackerStore } from '../src/adapters/stores/store-factory.ts';
import type { StoreConfig } from '../src/core/assistant.ts';
import { sampleConversation } from '../test/contracts/sample-conversation.ts';
import { POSTGRES, postgresQuery, postgresTestUser, REDIS, redisKeySpace, uniqueName } from '../test/contracts/services.ts';

const turns = Number(process.argv[2] ?? 1000);
const WINDOW = 20;
const full = sampleConversation('history', turns);

/** ms per turn (load + save) for each turn of the conversation. */
async function turnTimes(config: StoreConfig | undefined, projectRoot: string): Promise<number[]> {
  const store = await createTrackerStore(config, { projectRoot });
  const times: number[] = [];
  try {
    for (let turn = 1; turn <= turns; turn++) {
      const state = { ...full, events: full.events.slice(0, Math.min(full.events.length, 4 + 6 * turn)) };
      const started = performance.now();
      await store.load(state.sender_id);
      await store.save(state);
      times.push(performance.now() - started);
    }
  } finally {
    await store.close();
  }
  return times;
}

const mean = (values: readonly number[]): string => (values.reduce((a, b) => a + b, 0) / values.length).toFixed(2);

async function report(name: string, config: StoreConfig | undefined, projectRoot = '.'): Promise<void> {
  const times = await turnTimes(config, projectRoot);
  console.log(`${name.padEnd(9)} turns 1–${WINDOW}: ${mean(times.slice(0, WINDOW))} ms   turns ${turns - WINDOW + 1}–${turns}: ${mean(times.slice(-WINDOW))} ms`);
}

console.log(`One conversation, ${turns} turns (${full.events.length} events at the end), load + save per turn\n`);
await report('memory', { type: 'memory', options: {} });
const projectRoot = mkdtempSync(join(tmpdir(), 'colloquy-bench-'));
try {
  await report('sqlite', undefined, projectRoot);
} finally {
  rmSync(projectRoot, { recursive: true, force: true });
}
const { keyPrefix, dispose } = await redisKeySpace('bench');
try {
  await report('redis', { type: 'redis', options: { ...REDIS, key_prefix: keyPrefix } });
} finally {
  await dispose();
}
const table = uniqueName('bench');
try {
  await report('postgres', { type: 'sql', options: { dialect: 'postgresql', ...POSTGRES, db: POSTGRES.database, username: await postgresTestUser(), table } });
} finally {
  await postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`);
}
