/**
 * Two real `colloquy run` replicas of a project sharing Redis (its `endpoints.redis.yml`), with a key
 * prefix unique to the test file: started before the file's tests, stopped after them, and the
 * prefix's keys deleted.
 */
import { afterAll, beforeAll } from 'vitest';
import { deleteRedisKeys, redisClient, uniqueName } from '../contracts/services.ts';
import { startLiveServer, type LiveServer } from './live-server.ts';

export interface RedisReplicasOptions {
  /** Default examples/a2a-server. */
  readonly project?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly startTimeoutMs: number;
}

/** The replicas, once `beforeAll` has started them. */
export function redisReplicas(kind: string, options: RedisReplicasOptions): () => readonly [LiveServer, LiveServer] {
  const prefix = uniqueName(kind);
  let replicas: [LiveServer, LiveServer] | undefined;
  beforeAll(async () => {
    const env = { ...options.env, COLLOQUY_KEY_PREFIX: prefix, REDIS_HOST: '127.0.0.1' };
    const start = () => startLiveServer({ ...(options.project ? { project: options.project } : {}), endpoints: 'endpoints.redis.yml', env });
    replicas = await Promise.all([start(), start()]);
  }, options.startTimeoutMs);
  afterAll(async () => {
    await Promise.all((replicas ?? []).map((r) => r.close()));
    const redis = await redisClient();
    await deleteRedisKeys(redis, `${prefix}:`);
    await redis.quit();
  });
  return () => {
    if (!replicas) throw new Error('the replicas are not started yet');
    return replicas;
  };
}
