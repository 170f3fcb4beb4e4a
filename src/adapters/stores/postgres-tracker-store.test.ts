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
    open: (options) => postgresTrackerStore(table, options?.maxEvents === undefined ? {} : { max_events: options.maxEvents }),
    persistent: true,
    dispose: async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
    },
  };
});

describe('postgres tracker store', () => {
  const table = uniqueName('trk');
  afterAll(async () => {
    await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
  });

  it('keeps one row of JSON text per conversation, readable with SQL', async () => {
    const store = await postgresTrackerStore(table);
    await store.save(sampleConversation('c1', 3));
    await store.save(sampleConversation('c1', 4));
    await store.close();
    const rows = await postgresQuery(`SELECT sender_id, state::jsonb -> 'slots' ->> 'recipient' AS recipient FROM ${table}`);
    expect(rows.rows).toEqual([{ sender_id: 'c1', recipient: 'Zoë Müller' }]);
  });

  it('opens concurrently on a fresh table (replicas starting together)', async () => {
    const fresh = uniqueName('trk');
    try {
      const stores = await Promise.all(Array.from({ length: 4 }, () => postgresTrackerStore(fresh)));
      await Promise.all(stores.map((store) => store.close()));
    } finally {
      await postgresQuery(`DROP TABLE IF EXISTS ${fresh}`);
    }
  });
});
