/**
 * Opens an ioredis client from Rasa's redis store keys: `url` (a host name, or a `redis://` / `rediss://`
 * URL), `host`, `port`, `db`, `username`, `password`, `use_ssl`, `key_prefix`.
 * @module
 */
import { Redis, type RedisOptions } from 'ioredis';
import { type OptionReader, StoreConfigError } from './store-options.ts';

/** Connects and checks the server answers; fails with a message naming the section and address. */
export async function connectRedis(options: OptionReader): Promise<Redis> {
  const url = options.string('url');
  const settings: RedisOptions = {
    lazyConnect: true,
    connectTimeout: 5_000,
    maxRetriesPerRequest: 3,
    ...(options.string('host') !== undefined && { host: options.string('host') }),
    ...(options.number('port') !== undefined && { port: options.number('port') }),
    ...(options.number('db') !== undefined && { db: options.number('db') }),
    ...(options.string('username') !== undefined && { username: options.string('username') }),
    ...(options.string('password') !== undefined && { password: options.string('password') }),
    ...(options.boolean('use_ssl') === true && { tls: {} }),
  };
  const isUrl = url?.includes('://') ?? false;
  const redis = isUrl ? new Redis(url as string, settings) : new Redis({ ...settings, ...(url !== undefined && { host: url }) });
  const where = isUrl ? (url as string) : `${redis.options.host}:${redis.options.port}`;
  return pingConnected(
    redis,
    (reason, cause) => new Error(`${options.section}: cannot reach Redis at ${where} (${reason}). Check the address in endpoints.yml and that Redis is running.`, { cause }),
  );
}

/**
 * Connects a `lazyConnect` client and checks the server answers; on failure disconnects and throws
 * `failure(reason)`, the reason being the first connection error (clearer than the failed ping).
 */
export async function pingConnected(redis: Redis, failure: (reason: string, cause: unknown) => Error): Promise<Redis> {
  // Connection errors after startup surface as failed commands while ioredis reconnects by itself;
  // without a listener it would also print each one. The first one explains a failed start.
  let connectionError: Error | undefined;
  redis.on('error', (error: Error) => {
    connectionError ??= error;
  });
  try {
    await redis.connect();
    await redis.ping();
  } catch (error) {
    redis.disconnect();
    throw failure((connectionError ?? (error as Error)).message, connectionError ?? error);
  }
  return redis;
}

/** Rasa's key layout: `<key_prefix>:<kind>:` when `key_prefix` is set, else `<kind>:`. */
export function redisKeyPrefix(options: OptionReader, kind: string): string {
  const prefix = options.string('key_prefix');
  if (prefix === undefined) return `${kind}:`;
  if (!/^[A-Za-z0-9_-]+$/.test(prefix)) {
    throw new StoreConfigError(`endpoints.yml ${options.section}.key_prefix: use letters, digits, '_' or '-' only, got '${prefix}'.`);
  }
  return `${prefix}:${kind}:`;
}

/** Every key under `prefix`, by SCAN (never KEYS, which blocks the server). */
export async function scanKeys(redis: Redis, prefix: string): Promise<string[]> {
  const pattern = `${prefix.replace(/[*?[\]\\]/g, '\\$&')}*`;
  const found = new Set<string>();
  let cursor = '0';
  do {
    const [next, batch] = await redis.scan(cursor, 'MATCH', pattern, 'COUNT', 500);
    for (const key of batch) found.add(key.slice(prefix.length));
    cursor = next;
  } while (cursor !== '0');
  return [...found];
}
