/**
 * Tracker store in PostgreSQL (Rasa `SQLTrackerStore` with `dialect: postgresql`), one row of compact
 * JSON per conversation, upserted on save (PostgreSQL compresses long values itself, so the column stays
 * readable text). The table is created on open.
 * @module
 */
import type pg from 'pg';
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { createTableOnce, quoteIdentifier } from './postgres-connection.ts';
import { DEFAULT_MAX_EVENTS, decodeState, encodeState } from './state-codec.ts';

export const DEFAULT_TRACKER_TABLE = 'colloquy_conversations';

export interface PostgresTrackerStoreOptions {
  readonly table?: string;
  readonly maxEvents?: number;
}

export class PostgresTrackerStore implements TrackerStore {
  private readonly table: string;

  private constructor(
    private readonly pool: pg.Pool,
    private readonly options: PostgresTrackerStoreOptions,
  ) {
    this.table = quoteIdentifier(options.table ?? DEFAULT_TRACKER_TABLE);
  }

  /** Takes ownership of `pool`: `close()` ends it. */
  static async open(pool: pg.Pool, options: PostgresTrackerStoreOptions = {}): Promise<PostgresTrackerStore> {
    const store = new PostgresTrackerStore(pool, options);
    await createTableOnce(
      pool,
      `CREATE TABLE IF NOT EXISTS ${store.table} (sender_id TEXT PRIMARY KEY, state TEXT NOT NULL, updated_at TIMESTAMPTZ NOT NULL DEFAULT now())`,
    );
    return store;
  }

  async load(senderId: string): Promise<ConversationState | undefined> {
    const result = await this.pool.query<{ state: string }>(`SELECT state FROM ${this.table} WHERE sender_id = $1`, [senderId]);
    const row = result.rows[0];
    return row === undefined ? undefined : decodeState(row.state);
  }

  async save(state: ConversationState): Promise<void> {
    await this.pool.query(
      `INSERT INTO ${this.table} (sender_id, state) VALUES ($1, $2) ON CONFLICT (sender_id) DO UPDATE SET state = EXCLUDED.state, updated_at = now()`,
      [state.sender_id, encodeState(state, this.options.maxEvents ?? DEFAULT_MAX_EVENTS)],
    );
  }

  async delete(senderId: string): Promise<void> {
    await this.pool.query(`DELETE FROM ${this.table} WHERE sender_id = $1`, [senderId]);
  }

  async keys(): Promise<string[]> {
    const result = await this.pool.query<{ sender_id: string }>(`SELECT sender_id FROM ${this.table}`);
    return result.rows.map((row) => row.sender_id);
  }

  async close(): Promise<void> {
    await this.pool.end();
  }
}
