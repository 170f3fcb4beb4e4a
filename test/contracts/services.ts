/**
 * The real Redis and PostgreSQL the store tests run against (DESIGN.md: started by CI, so an absent
 * service fails the test with a message saying what to start), and unique names so parallel test
 * files never share keys or tables.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { Redis } from 'ioredis';
import pg from 'pg';
import { pingConnected } from '../../src/adapters/stores/redis-connection.ts';

export const REDIS = { host: '127.0.0.1', port: 6379 } as const;
export const POSTGRES = { host: '127.0.0.1', port: 5432, database: 'test' } as const;
const POSTGRES_USERS = ['postgres', 'root'];

/** A fresh name of letters and digits (valid as a Redis key prefix and a SQL table name). */
export function uniqueName(kind: string): string {
  return `${kind}${process.pid}x${randomBytes(5).toString('hex')}`;
}

/** A Redis client for setup and cleanup; fails clearly when Redis is not running. */
export async function redisClient(address: { host: string; port: number } = REDIS): Promise<Redis> {
  const redis = new Redis({ ...address, lazyConnect: true, connectTimeout: 2_000, maxRetriesPerRequest: 1, retryStrategy: () => null });
  return pingConnected(redis, (reason) => new Error(`Redis is not reachable at ${address.host}:${address.port} (${reason}); start it (CI: .ci/run) before running the store tests.`));
}

export async function deleteRedisKeys(redis: Redis, prefix: string): Promise<void> {
  const keys = await redis.keys(`${prefix}*`);
  if (keys.length > 0) await redis.del(...keys);
}

export interface RedisKeySpace {
  /** A client for looking at the keys. */
  readonly redis: Redis;
  /** A fresh `key_prefix` of its own. */
  readonly keyPrefix: string;
  /** Deletes the keys under the prefix and closes the client. */
  dispose(): Promise<void>;
}

export async function redisKeySpace(kind: string): Promise<RedisKeySpace> {
  const redis = await redisClient();
  const keyPrefix = uniqueName(kind);
  return {
    redis,
    keyPrefix,
    async dispose() {
      await deleteRedisKeys(redis, `${keyPrefix}:`);
      await redis.quit();
    },
  };
}

let postgresUser: Promise<string> | undefined;

/** The user that can log into the test database (machines differ: `postgres` or `root`). */
export function postgresTestUser(): Promise<string> {
  postgresUser ??= findPostgresUser();
  return postgresUser;
}

async function findPostgresUser(): Promise<string> {
  const failures: string[] = [];
  for (const user of POSTGRES_USERS) {
    const client = new pg.Client({ ...POSTGRES, user, connectionTimeoutMillis: 2_000 });
    try {
      await client.connect();
      return user;
    } catch (error) {
      failures.push(`${user}: ${(error as Error).message}`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
  throw new Error(
    `PostgreSQL is not reachable at ${POSTGRES.host}:${POSTGRES.port}, database '${POSTGRES.database}' (${failures.join('; ')}); start it (CI: .ci/run) before running the store tests.`,
  );
}

/** Runs one statement as the test user (setup and cleanup). */
export async function postgresQuery(sql: string): Promise<pg.QueryResult> {
  const client = new pg.Client({ ...POSTGRES, user: await postgresTestUser() });
  await client.connect();
  try {
    return await client.query(sql);
  } finally {
    await client.end();
  }
}
