/**
 * Tracker store in PostgreSQL (Rasa `SQLTrackerStore` with `dialect: postgresql`): a row per
 * conversation holding its head as compact JSON text, and a row per chunk of its event log in
 * `<table>_events` (see event-log; PostgreSQL compresses long values itself, so both stay readable
 * text). A save is one transaction; the tables are created on open.
 * @module
 */
import type pg from 'pg';
import { type ConversationWrite, type EventLogBackend, EventLogTrackerStore, type StoredConversation } from './event-log.ts';
import { createTableOnce, inTransaction, quoteIdentifier } from './postgres-connection.ts';
import { jsonText } from './state-codec.ts';

export const DEFAULT_TRACKER_TABLE = 'colloquy_conversations';
/** Appended to the table name for the chunk table (so the table name may have 63 − 7 characters). */
export const EVENTS_TABLE_SUFFIX = '_events';

/** Takes ownership of `pool`: `close()` ends it. */
export async function openPostgresTrackerStore(pool: pg.Pool, options: { readonly table?: string } = {}): Promise<EventLogTrackerStore<string>> {
  const name = options.table ?? DEFAULT_TRACKER_TABLE;
  const backend = new PostgresEventLog(pool, quoteIdentifier(name), quoteIdentifier(name + EVENTS_TABLE_SUFFIX));
  await createTableOnce(pool, `CREATE TABLE IF NOT EXISTS ${backend.heads} (sender_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`);
  await createTableOnce(
    pool,
    `CREATE TABLE IF NOT EXISTS ${backend.chunks} (sender_id TEXT NOT NULL, first_index INTEGER NOT NULL, events TEXT NOT NULL, PRIMARY KEY (sender_id, first_index))`,
  );
  return new EventLogTrackerStore(backend, jsonText);
}

class PostgresEventLog implements EventLogBackend<string> {
  constructor(
    private readonly pool: pg.Pool,
    readonly heads: string,
    readonly chunks: string,
  ) {}

  async read(senderId: string, fromIndex: number): Promise<StoredConversation<string> | undefined> {
    // One statement sees one snapshot: the head with its chunks aggregated in log order.
    const result = await this.pool.query<{ state: string; chunks: string[] | null }>(
      `SELECT h.state, (SELECT array_agg(c.events ORDER BY c.first_index) FROM ${this.chunks} c WHERE c.sender_id = h.sender_id AND c.first_index >= $2) AS chunks
       FROM ${this.heads} h WHERE h.sender_id = $1`,
      [senderId, fromIndex],
    );
    const row = result.rows[0];
    return row === undefined ? undefined : { head: row.state, chunks: row.chunks ?? [] };
  }

  async write(senderId: string, plan: (previousHead: string | undefined) => ConversationWrite<string>): Promise<void> {
    await this.transaction(async (client) => {
      const previous = await client.query<{ state: string }>(`SELECT state FROM ${this.heads} WHERE sender_id = $1 FOR UPDATE`, [senderId]);
      const write = plan(previous.rows[0]?.state);
      await client.query(
        `INSERT INTO ${this.heads} (sender_id, state) VALUES ($1, $2) ON CONFLICT (sender_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
        [senderId, write.head],
      );
      if (write.replaceChunks) await client.query(`DELETE FROM ${this.chunks} WHERE sender_id = $1`, [senderId]);
      if (write.chunks.length > 0) {
        await client.query(
          `INSERT INTO ${this.chunks} (sender_id, first_index, events) SELECT $1, * FROM unnest($2::int[], $3::text[])
           ON CONFLICT (sender_id, first_index) DO UPDATE SET events = EXCLUDED.events`,
          [senderId, write.chunks.map((c) => c.first), write.chunks.map((c) => c.data)],
        );
      }
    });
  }

  async delete(senderId: string): Promise<void> {
    await this.transaction(async (client) => {
      await client.query(`DELETE FROM ${this.chunks} WHERE sender_id = $1`, [senderId]);
      await client.query(`DELETE FROM ${this.heads} WHERE sender_id = $1`, [senderId]);
    });
  }

  async keys(): Promise<string[]> {
    const result = await this.pool.query<{ sender_id: string }>(`SELECT sender_id FROM ${this.heads}`);
    return result.rows.map((row) => row.sender_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }

  private transaction(work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
    return inTransaction(this.pool, work);
  }

}
