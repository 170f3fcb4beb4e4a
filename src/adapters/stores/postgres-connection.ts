/**
 * Opens a pg pool from Rasa's `sql` store keys: `dialect: postgresql`, `url` (a host name or a
 * `postgresql://` URL), `host`, `port`, `db`, `username`, `password`, and `login_db` (a database to
 * connect to first, to create `db` when it does not exist yet).
 * @module
 */
import pg from 'pg';
import { type OptionReader, StoreConfigError } from './store-options.ts';

export async function connectPostgres(options: OptionReader): Promise<pg.Pool> {
  const url = options.string('url');
  const base: pg.PoolConfig = url?.includes('://')
    ? { connectionString: url }
    : {
        host: url ?? options.string('host') ?? 'localhost',
        port: options.number('port') ?? 5432,
        ...(options.string('username') !== undefined && { user: options.string('username') }),
        ...(options.string('password') !== undefined && { password: options.string('password') }),
      };
  const db = options.string('db');
  const loginDb = options.string('login_db');
  const where = url ?? `${String(base.host)}:${String(base.port)}`;
  if (loginDb !== undefined) {
    if (db === undefined) throw new StoreConfigError(`endpoints.yml ${options.section}.login_db needs ${options.section}.db (the database to create).`);
    await withReachable(where, options, () => createDatabaseIfMissing({ ...base, database: loginDb }, db));
  }
  const pool = new pg.Pool({ ...base, ...(db !== undefined && { database: db }), connectionTimeoutMillis: 5_000, max: 10 });
  try {
    await withReachable(where, options, () => pool.query('SELECT 1'));
  } catch (error) {
    await pool.end();
    throw error;
  }
  return pool;
}

async function createDatabaseIfMissing(login: pg.ClientConfig, db: string): Promise<void> {
  const client = new pg.Client({ ...login, connectionTimeoutMillis: 5_000 });
  await client.connect();
  try {
    const found = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [db]);
    if (found.rowCount === 0) await client.query(`CREATE DATABASE ${quoteIdentifier(db)}`);
  } finally {
    await client.end();
  }
}

async function withReachable<T>(where: string, options: OptionReader, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw new Error(`${options.section}: cannot use PostgreSQL at ${where} (${(error as Error).message}). Check the keys in endpoints.yml and that PostgreSQL is running.`, {
      cause: error,
    });
  }
}

export function quoteIdentifier(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/**
 * What the loser of that race gets, depending on where it lost: a duplicate row in pg_type (23505),
 * the table's type (42710) or the table itself (42P07) already there.
 */
const LOST_CREATE_RACE = new Set(['23505', '42710', '42P07']);

/** CREATE TABLE IF NOT EXISTS still races between replicas starting together; the loser's error is harmless. */
export async function createTableOnce(pool: pg.Pool, ddl: string): Promise<void> {
  try {
    await pool.query(ddl);
  } catch (error) {
    if (!LOST_CREATE_RACE.has((error as { code?: string }).code ?? '')) throw error;
  }
}

/** Runs `work` in one transaction on a pooled client, rolled back when it throws. */
export async function inTransaction(pool: pg.Pool, work: (client: pg.PoolClient) => Promise<void>): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await work(client);
    await client.query('COMMIT');
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    client.release();
  }
}
