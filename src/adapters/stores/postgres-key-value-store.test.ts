import { describe, expect, it } from 'vitest';
import { describeKeyValueStoreContract } from '../../../test/contracts/kv-store.contract.ts';
import { POSTGRES, postgresQuery, postgresTestUser, uniqueName } from '../../../test/contracts/services.ts';
import type { PostgresKeyValueStore } from './postgres-key-value-store.ts';
import { createKeyValueStore } from './store-factory.ts';

const postgresKeyValueStore = async (table: string) =>
  createKeyValueStore({
    type: 'sql',
    options: { dialect: 'postgresql', host: POSTGRES.host, port: POSTGRES.port, db: POSTGRES.database, username: await postgresTestUser(), kv_table: table },
  });

describeKeyValueStoreContract('postgres', async () => {
  const table = uniqueName('kv');
  return {
    open: () => postgresKeyValueStore(table),
    shared: true,
    dispose: async () => {
      await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
    },
  };
});

describe('postgres key-value store', () => {
  it('deletes expired rows on cleanup and keeps live ones', async () => {
    const table = uniqueName('kv');
    const store = (await postgresKeyValueStore(table)) as PostgresKeyValueStore;
    try {
      await store.set('gone', '1', 1);
      await store.set('kept', '2', 60_000);
      await new Promise((resolve) => setTimeout(resolve, 20));
      await store.deleteExpired();
      const rows = await postgresQuery(`SELECT key FROM ${table}`);
      expect(rows.rows).toEqual([{ key: 'kept' }]);
    } finally {
      await store.close();
      await postgresQuery(`DROP TABLE IF EXISTS ${table}`);
    }
  });
});
