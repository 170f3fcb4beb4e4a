import { afterAll, describe, expect, it } from 'vitest';
import { describeTrackerStoreContract } from '../../../test/contracts/tracker-store.contract.ts';
import { sampleConversation } from '../../../test/contracts/sample-conversation.ts';
import { POSTGRES, postgresQuery, postgresTestUser, uniqueName } from '../../../test/contracts/services.ts';
import { createTrackerStore } from './store-factory.ts';

const postgresTrackerStore = async (table: string, extra: Record<string, unknown> = {}) =>
  createTrackerStore(
    { type: 'sql', options: { dialect: 'postgresql', url: POSTGRES.host, port: POSTGRES.port, db: POSTGRES.database, username: await postgresTestUser(), table, ...extra } },
    { projectRoot: '/nonexistent' },
  );

describeTrackerStoreContract('postgres', async () => {
  const table = uniqueName('trk');
  return {
    open: () => postgresTrackerStore(table),
    persistent: true,
    dispose: async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`);
    },
  };
});

describe('postgres tracker store', () => {
  const table = uniqueName('trk');
  afterAll(async () => {
    await postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`);
  });

  it('keeps a row of JSON text per conversation and per chunk of its events, readable with SQL', async () => {
    const store = await postgresTrackerStore(table);
    await store.save(sampleConversation('c1', 3));
    await store.save(sampleConversation('c1', 20));
    await store.close();
    const rows = await postgresQuery(`SELECT sender_id, state::jsonb -> 'state' -> 'slots' ->> 'recipient' AS recipient FROM ${table}`);
    expect(rows.rows).toEqual([{ sender_id: 'c1', recipient: 'Zoë Müller' }]);
    const chunks = await postgresQuery(`SELECT first_index, jsonb_array_length(events::jsonb) AS n FROM ${table}_events ORDER BY first_index`);
    expect(chunks.rows).toEqual([
      { first_index: 0, n: 100 },
      { first_index: 100, n: sampleConversation('c1', 20).events.length - 100 },
    ]);
  });

  it('refuses a table name too long for its events table', async () => {
    await expect(postgresTrackerStore('t'.repeat(57))).rejects.toThrow(/tracker_store\.table: .*at most 56 characters/);
  });

  it('opens concurrently on a fresh table (replicas starting together)', async () => {
    const fresh = uniqueName('trk');
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => postgresTrackerStore(fresh)));
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await postgresQuery(`DROP TABLE IF EXISTS ${fresh}, ${fresh}_events`);
    }
  });
});
