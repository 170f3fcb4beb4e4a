/**
 * Conversation ids are checked the same way on every entry point and for every store: at most 512
 * characters, no control characters (PostgreSQL cannot store NUL), no unpaired surrogates. A bad id
 * is a clear JSON 400, never a 500 from the store; a good one, however exotic, round-trips.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect } from 'socket.io-client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { createTrackerStore } from '../../src/adapters/stores/store-factory.ts';
import type { StoreConfig } from '../../src/core/assistant.ts';
import type { ActionRunner } from '../../src/ports/action-runner.ts';
import type { TrackerStore } from '../../src/ports/tracker-store.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { assistantFromYaml } from '../engine/project-fixture.ts';
import { postgresQuery, postgresTestUser, redisKeySpace, uniqueName, type RedisKeySpace } from '../contracts/services.ts';

const assistant = assistantFromYaml({
  domain: 'version: "3.1"\nintents: [greet]\nresponses:\n  utter_hi:\n    - text: "Hi!"\n',
  flows: 'flows:\n  greet:\n    description: say hi\n    nlu_trigger: [intent: greet]\n    steps:\n      - action: utter_hi\n',
  credentials: 'rest:\nsocketio:\n',
});
const NO_ACTIONS: ActionRunner = { has: () => false, run: () => Promise.reject(new Error('no actions')) };

const BAD_IDS: readonly (readonly [string, string])[] = [
  ['a NUL', 'a\u0000b'],
  ['a tab', 'a\tb'],
  ['a line break', 'a\nb'],
  ['DEL', 'a\u007fb'],
  ['an unpaired surrogate', 'a\ud800b'],
  ['513 characters', 'x'.repeat(513)],
];
const GOOD_ID = `José 😀 ${'x'.repeat(500)}`.slice(0, 512);

async function serve(trackers: TrackerStore): Promise<{ server: ColloquyServer; url: string }> {
  const generator = createPipeline(assistant, { llmClientFor: () => { throw new Error('no LLM here'); } });
  const runtime = new TurnProcessor({ assistant: () => assistant, generator: () => generator, trackers, locks: new MemoryLockStore(), actions: NO_ACTIONS, logger: pino({ level: 'silent' }) });
  const server = await createServer({ runtime, model: { assistant, modelId: 'm' }, enableApi: true, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
  return { server, url: await server.listen() };
}

interface StoreCase {
  readonly name: string;
  config(): Promise<StoreConfig>;
  cleanup(): Promise<void>;
}

function storeCases(): StoreCase[] {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-ids-'));
  let redis: RedisKeySpace | undefined;
  const table = uniqueName('ids');
  return [
    { name: 'memory', config: async () => ({ type: 'memory', options: {} }), cleanup: async () => {} },
    { name: 'SQLite', config: async () => ({ type: 'sqlite', options: { db: join(dir, 'tracker.db') } }), cleanup: async () => rmSync(dir, { recursive: true, force: true }) },
    {
      name: 'Redis',
      config: async () => {
        redis = await redisKeySpace('ids');
        return { type: 'redis', options: { url: '127.0.0.1', port: 6379, key_prefix: redis.keyPrefix } };
      },
      cleanup: async () => redis?.dispose(),
    },
    {
      name: 'PostgreSQL',
      config: async () => ({ type: 'sql', options: { dialect: 'postgresql', url: '127.0.0.1', port: 5432, db: 'test', username: await postgresTestUser(), table } }),
      cleanup: async () => void (await postgresQuery(`DROP TABLE IF EXISTS ${table}`)),
    },
  ];
}

describe.each(storeCases())('sender ids with the $name tracker store', (store) => {
  let trackers: TrackerStore;
  let server: ColloquyServer;
  let url: string;
  beforeAll(async () => {
    trackers = await createTrackerStore(await store.config(), { projectRoot: tmpdir() });
    ({ server, url } = await serve(trackers));
  });
  afterAll(async () => {
    await server.close();
    await trackers.close();
    await store.cleanup();
  });

  const send = (sender: string) =>
    fetch(`${url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender, message: '/greet' }) });

  it.each(BAD_IDS)('refuses a sender with %s with a JSON 400 on REST and the HTTP API', async (_, id) => {
    const viaRest = await send(id);
    expect(viaRest.status).toBe(400);
    expect(await viaRest.json()).toMatchObject({ status: 'failure', reason: 'BadRequest', message: expect.stringMatching(/sender|id/) });
    // encodeURIComponent refuses an unpaired surrogate; its bytes as (invalid) UTF-8 are what a client would send.
    const path = `${url}/conversations/${encodeURIComponent(id.replace('\ud800', '\u0001')).replace('%01', '%ED%A0%80')}`;
    for (const [method, suffix, body] of [
      ['GET', '/tracker', undefined],
      ['POST', '/messages', { text: 'hi', sender: 'user' }],
      ['POST', '/tracker/events', [{ event: 'slot', name: 'x', value: 1 }]],
      ['DELETE', '/tracker', undefined],
    ] as const) {
      const res = await fetch(`${path}${suffix}`, { method, ...(body ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
      expect(res.status, `${method} ${suffix}`).toBe(400);
    }
    expect(await trackers.keys()).toEqual([]);
  });

  it('stores and serves a long sender id with accents and emoji', async () => {
    const res = await send(GOOD_ID);
    expect(res.status).toBe(200);
    expect(((await res.json()) as unknown[])[0]).toEqual({ recipient_id: GOOD_ID, text: 'Hi!' });
    expect(await trackers.keys()).toContain(GOOD_ID);
    const tracker = await fetch(`${url}/conversations/${encodeURIComponent(GOOD_ID)}/tracker`);
    expect(tracker.status).toBe(200);
    expect(((await tracker.json()) as { sender_id: string }).sender_id).toBe(GOOD_ID);
  });
});

describe('socket.io session ids', () => {
  let server: ColloquyServer;
  let url: string;
  let trackers: TrackerStore;
  beforeAll(async () => {
    trackers = await createTrackerStore({ type: 'memory', options: {} }, { projectRoot: tmpdir() });
    ({ server, url } = await serve(trackers));
  });
  afterAll(async () => {
    await server.close();
    await trackers.close();
  });

  it('assigns a fresh session id instead of one with a NUL', async () => {
    const socket = connect(url, { transports: ['websocket'], forceNew: true });
    try {
      const confirmed = new Promise<string>((resolve) => socket.once('session_confirm', resolve));
      socket.emit('session_request', { session_id: 'a\u0000b' });
      expect(await confirmed).toMatch(/^[0-9a-f]{32}$/);
    } finally {
      socket.disconnect();
    }
  });
});
