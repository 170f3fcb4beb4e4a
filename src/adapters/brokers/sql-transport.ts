/**
 * Rasa's `event_broker: {type: sql}`: every event one row of a table `events (id, sender_id, data)`,
 * `data` the JSON Rasa publishes. `dialect: sqlite` (Rasa's default; `db` default `events.db`,
 * relative to the project) or `postgresql` (the tracker store's keys: `url`/`host`, `port`, `db`,
 * `username`, `password`). A batch is one transaction.
 * @module
 */
import { isAbsolute, join } from 'node:path';
import { readOptions, StoreConfigError } from '../stores/store-options.ts';
import type { BrokerMessage, EventTransport } from './outbox.ts';

const TABLE = 'events';

export async function openSqlTransport(raw: Readonly<Record<string, unknown>>, projectRoot: string): Promise<EventTransport> {
  const options = readOptions('event_broker', raw);
  const dialect = options.string('dialect') ?? 'sqlite';
  if (dialect === 'sqlite') {
    const db = options.string('db') ?? 'events.db';
    return openSqlite(isAbsolute(db) ? db : join(projectRoot, db));
  }
  if (!/^postgres(ql)?(\+\w+)?$/.test(dialect)) throw new StoreConfigError(`endpoints.yml event_broker.dialect: '${dialect}' is not supported; use sqlite or postgresql.`);
  const { connectPostgres, inTransaction } = await import('../stores/postgres-connection.ts');
  const pool = await connectPostgres(options);
  await pool.query(`CREATE TABLE IF NOT EXISTS ${TABLE} (id SERIAL PRIMARY KEY, sender_id VARCHAR(255), data TEXT)`);
  return {
    target: `postgresql ${options.string('url') ?? options.string('host') ?? 'localhost'}/${options.string('db') ?? ''}`,
    send: (messages) =>
      inTransaction(pool, async (client) => {
        for (const message of messages) await client.query(`INSERT INTO ${TABLE} (sender_id, data) VALUES ($1, $2)`, [message.senderId, message.body]);
      }),
    close: () => pool.end(),
  };
}

async function openSqlite(file: string): Promise<EventTransport> {
  const { openSqliteDatabase } = await import('../stores/sqlite-connection.ts');
  const db = openSqliteDatabase(file, { synchronous: 'FULL' });
  db.exec(`CREATE TABLE IF NOT EXISTS ${TABLE} (id INTEGER PRIMARY KEY, sender_id VARCHAR(255), data TEXT)`);
  const insert = db.prepare<[string, string]>(`INSERT INTO ${TABLE} (sender_id, data) VALUES (?, ?)`);
  const insertAll = db.transaction((messages: readonly BrokerMessage[]) => {
    for (const message of messages) insert.run(message.senderId, message.body);
  });
  return {
    target: `sqlite ${file}`,
    send: async (messages) => void insertAll(messages),
    close: async () => void db.close(),
  };
}
