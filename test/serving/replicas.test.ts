/**
 * Acceptance: two real `colloquy run` replicas share their stores with no sticky sessions. 200
 * conversations × 10 turns, each turn sent to the other replica than the turn before, 50
 * conversations at a time: every reply is right, and every tracker holds each turn once, in order.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { postgresQuery, postgresTestUser, redisKeySpace, uniqueName } from '../contracts/services.ts';
import { eachWithConcurrency, FIXTURES, say, startColloquy, trackerEvents, type ColloquyProcess } from './colloquy-process.ts';
import { SCRIPT } from './scripted-conversation.ts';

const CONVERSATIONS = 200;
const CONCURRENCY = 50;

const running: ColloquyProcess[] = [];
afterAll(async () => {
  await Promise.all(running.splice(0).map((p) => p.stop()));
});

async function startReplicas(endpoints: string, env: Record<string, string>): Promise<ColloquyProcess[]> {
  const replicas = await Promise.all([0, 1].map(() => startColloquy({ endpoints: `${FIXTURES}${endpoints}`, env })));
  running.push(...replicas);
  return replicas;
}

async function chatAcross(replicas: readonly ColloquyProcess[], runId: string): Promise<string[]> {
  const senders = Array.from({ length: CONVERSATIONS }, (_, i) => `${runId}-user-${i}`);
  const wrong: string[] = [];
  await eachWithConcurrency(senders, CONCURRENCY, async (sender, c) => {
    for (const [turn, { message, replies }] of SCRIPT.entries()) {
      const replica = replicas[(c + turn) % replicas.length] as ColloquyProcess;
      const reply = await say(replica.url, sender, message);
      if (reply.status !== 200 || JSON.stringify(reply.texts) !== JSON.stringify(replies)) {
        wrong.push(`${sender} turn ${turn}: HTTP ${reply.status} ${JSON.stringify(reply.texts)}, expected ${JSON.stringify(replies)}`);
      }
    }
  });
  expect(wrong.slice(0, 5), `${wrong.length} wrong replies`).toEqual([]);
  return senders;
}

/** Each tracker, read from either replica, holds the script's turns exactly once and in order. */
async function checkTrackers(replicas: readonly ColloquyProcess[], senders: readonly string[]): Promise<void> {
  const expectedUser = SCRIPT.map((t) => t.message);
  const expectedBot = SCRIPT.flatMap((t) => t.replies);
  const broken: string[] = [];
  await eachWithConcurrency(senders, CONCURRENCY, async (sender, c) => {
    const events = await trackerEvents((replicas[c % replicas.length] as ColloquyProcess).url, sender);
    const user = events.filter((e) => e.event === 'user').map((e) => e.text);
    const bot = events.filter((e) => e.event === 'bot').map((e) => e.text);
    const times = events.filter((e) => e.event === 'user').map((e) => e.timestamp ?? 0);
    const ordered = times.every((t, i) => i === 0 || t >= (times[i - 1] as number));
    if (JSON.stringify(user) !== JSON.stringify(expectedUser) || JSON.stringify(bot) !== JSON.stringify(expectedBot) || !ordered) {
      broken.push(`${sender}: user ${JSON.stringify(user)} bot ${JSON.stringify(bot)} user turns in time order: ${ordered}`);
    }
  });
  expect(broken.slice(0, 3), `${broken.length} trackers out of order, missing or duplicating turns`).toEqual([]);
}

/** Turns of one conversation sent at once to both replicas: the shared lock serializes them, none is lost. */
async function burstAcross(replicas: readonly ColloquyProcess[], runId: string): Promise<void> {
  const senders = Array.from({ length: 20 }, (_, i) => `${runId}-burst-${i}`);
  const burst = 6;
  await eachWithConcurrency(senders, 10, async (sender) => {
    const replies = await Promise.all(Array.from({ length: burst }, (_, i) => say((replicas[i % replicas.length] as ColloquyProcess).url, sender, `hello ${i}`)));
    expect(replies.map((r) => r.status)).toEqual(Array(burst).fill(200));
  });
  const counts = await Promise.all(senders.map(async (s) => (await trackerEvents((replicas[0] as ColloquyProcess).url, s)).filter((e) => e.event === 'user').length));
  expect(counts).toEqual(Array(senders.length).fill(burst));
}

/** Two replicas on `endpoints` share every conversation; the locks and records under `prefix` are removed after. */
async function chatOnReplicas(endpoints: string, env: Record<string, string> = {}): Promise<void> {
  const { keyPrefix: prefix, dispose } = await redisKeySpace('replicas');
  try {
    const replicas = await startReplicas(endpoints, { COLLOQUY_TEST_PREFIX: prefix, ...env });
    const senders = await chatAcross(replicas, prefix);
    await checkTrackers(replicas, senders);
    await burstAcross(replicas, prefix);
    await Promise.all(replicas.map((r) => r.stop()));
  } finally {
    await dispose();
  }
}

describe('replicas without sticky sessions', () => {
  it('share Redis trackers and Redis locks', { timeout: 120_000 }, async () => {
    await chatOnReplicas('redis-endpoints.yml');
  });

  it('share PostgreSQL trackers and Redis locks', { timeout: 120_000 }, async () => {
    const table = uniqueName('replicas');
    try {
      await chatOnReplicas('postgres-endpoints.yml', { COLLOQUY_TEST_TABLE: table, COLLOQUY_TEST_PG_USER: await postgresTestUser() });
    } finally {
      await postgresQuery(`DROP TABLE IF EXISTS ${table}, ${table}_events`);
    }
  });
});
