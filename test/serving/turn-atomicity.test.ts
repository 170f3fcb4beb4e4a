/**
 * Turn atomicity on a real server, turn processor and SQLite store, with a custom action that counts
 * its executions (the money transfer of the issue): input that could not be stored is refused before
 * anything runs, and a retried message id never runs the transfer twice.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { openSqliteTrackerStore } from '../../src/adapters/stores/sqlite-tracker-store.ts';
import type { ConversationState } from '../../src/core/state.ts';
import type { ActionResult, ActionRunner } from '../../src/ports/action-runner.ts';
import type { TrackerStore } from '../../src/ports/tracker-store.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { assistantFromYaml } from '../engine/project-fixture.ts';

const assistant = assistantFromYaml({
  domain: `version: "3.1"
intents: [transfer]
actions: [action_transfer]
slots:
  recipient: {type: any}
responses:
  utter_done:
    - text: "Done."
`,
  flows: `flows:
  transfer_money:
    description: send money
    nlu_trigger: [intent: transfer]
    steps:
      - action: action_transfer
      - action: utter_done
`,
  credentials: 'rest:\nsocketio:\n',
});

/** `action_transfer` counts its runs; `deep: true` makes it return a slot value nested 5,000 levels. */
function transferAction(): ActionRunner & { runs: number; deep: boolean } {
  const runner = {
    runs: 0,
    deep: false,
    has: (name: string) => name === 'action_transfer',
    async run(): Promise<ActionResult> {
      runner.runs += 1;
      return { events: runner.deep ? [{ event: 'slot', name: 'recipient', value: nested(5000) }] : [], responses: [{ text: 'Sent.' }] };
    },
  };
  return runner;
}

/** The real SQLite store, whose next save can be made to fail (the database went away). */
function failingOnce(store: TrackerStore): TrackerStore & { failNextSave: boolean } {
  const wrapper = {
    failNextSave: false,
    load: (id: string) => store.load(id),
    async save(state: ConversationState) {
      if (wrapper.failNextSave) {
        wrapper.failNextSave = false;
        throw new Error('SQLITE_IOERR: disk I/O error');
      }
      return store.save(state);
    },
    delete: (id: string) => store.delete(id),
    keys: () => store.keys(),
    close: () => store.close(),
  };
  return wrapper;
}

function nested(depth: number): unknown {
  let value: unknown = 'x';
  for (let i = 0; i < depth; i++) value = { a: value };
  return value;
}

/** The JSON text of `nested(depth)`, written out: `JSON.stringify` itself cannot encode 5,000 levels. */
function nestedJson(depth: number): string {
  return `${'{"a":'.repeat(depth)}"x"${'}'.repeat(depth)}`;
}

/** A JSON object text with `fields` (already JSON) as its values. */
function jsonWith(fields: Record<string, string>): string {
  return `{${Object.entries(fields).map(([k, v]) => `${JSON.stringify(k)}:${v}`).join(',')}}`;
}

describe('turn atomicity', () => {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-atomicity-'));
  const actions = transferAction();
  const trackers = failingOnce(openSqliteTrackerStore(join(dir, 'tracker.db')));
  let server: ColloquyServer;
  let url: string;

  beforeAll(async () => {
    const generator = createPipeline(assistant, { llmClientFor: () => { throw new Error('no LLM here'); } });
    const runtime = new TurnProcessor({
      assistant: () => assistant,
      generator: () => generator,
      trackers,
      locks: new MemoryLockStore(),
      actions,
      journal: new MemoryKeyValueStore(),
      logger: pino({ level: 'silent' }),
    });
    server = await createServer({ runtime, model: { assistant, modelId: 'm' }, enableApi: true, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
    url = await server.listen();
  });
  beforeEach(() => {
    actions.runs = 0;
    actions.deep = false;
  });
  afterAll(async () => {
    await server.close();
    await trackers.close();
    rmSync(dir, { recursive: true, force: true });
  });

  const post = (path: string, body: unknown) =>
    fetch(`${url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const rest = (body: Record<string, unknown> | string) => post('/webhooks/rest/webhook', body);
  const deepMetadata = `{"x":${nestedJson(5000)}}`;
  /** Runs `use` with a connected socket.io client and the texts of the bot messages it received so far. */
  async function withSocket(use: (socket: Socket, texts: string[]) => Promise<void>): Promise<void> {
    const socket = connect(url, { transports: ['websocket'], forceNew: true });
    try {
      await new Promise<void>((resolve) => socket.once('connect', () => resolve()));
      const texts: string[] = [];
      socket.on('bot_uttered', (m: { text?: string }) => texts.push(m.text ?? ''));
      await use(socket, texts);
    } finally {
      socket.disconnect();
    }
  }
  /** Sends a user message and waits for the flow's last answer, 'Done.'. */
  function socketTurn(socket: Socket, texts: string[], data: Record<string, unknown>): Promise<void> {
    const before = texts.length;
    return new Promise<void>((resolve) => {
      const listener = () => {
        if (!texts.slice(before).includes('Done.')) return;
        socket.off('bot_uttered', listener);
        resolve();
      };
      socket.on('bot_uttered', listener);
      socket.emit('user_uttered', data);
    });
  }
  const userEvents = async (sender: string) => ((await trackers.load(sender))?.events ?? []).filter((e) => e.event === 'user');

  it('refuses metadata nested 5,000 levels deep with a JSON 400 before the transfer runs, on REST and the HTTP API', async () => {
    const viaRest = await rest(jsonWith({ sender: '"deep-rest"', message: '"/transfer"', metadata: deepMetadata }));
    expect(viaRest.status).toBe(400);
    expect(await viaRest.json()).toMatchObject({ status: 'failure', code: 400, message: expect.stringMatching(/metadata nests deeper than 32 levels/) });
    const viaApi = await post('/conversations/deep-api/messages', jsonWith({ text: '"/transfer"', sender: '"user"', metadata: deepMetadata }));
    expect(viaApi.status).toBe(400);
    const streamed = await post('/webhooks/rest/webhook?stream=true', jsonWith({ sender: '"deep-rest"', message: '"/transfer"', metadata: deepMetadata }));
    expect(streamed.status).toBe(400);
    expect(streamed.headers.get('content-type')).toMatch(/^application\/json/);
    expect(actions.runs).toBe(0);
    expect(await trackers.keys()).not.toContain('deep-rest');

    // The client drops the bad metadata and retries: the money is sent once.
    expect((await rest({ sender: 'deep-rest', message: '/transfer', metadata: { x: nested(3) } })).status).toBe(200);
    expect(actions.runs).toBe(1);
  });

  it('refuses events appended through the API whose values nest too deep, and appends nothing', async () => {
    const res = await post('/conversations/deep-events/tracker/events', `[{"event":"slot","name":"recipient","value":${nestedJson(5000)}}]`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/events nests deeper than 64 levels/);
    expect(await trackers.load('deep-events')).toBeUndefined();
  });

  it('refuses oversized metadata and too many keys with a 400', async () => {
    const big = await rest({ sender: 'big', message: '/transfer', metadata: { blob: 'x'.repeat(70_000) } });
    expect(big.status).toBe(400);
    expect(((await big.json()) as { message: string }).message).toMatch(/larger than 65536 bytes/);
    const wide = await rest({ sender: 'big', message: '/transfer', metadata: Object.fromEntries(Array.from({ length: 3000 }, (_, i) => [`k${i}`, i])) });
    expect(wide.status).toBe(400);
    expect(((await wide.json()) as { message: string }).message).toMatch(/more than 2000 keys/);
    expect(actions.runs).toBe(0);
  });

  it('refuses a payload whose slot value nests too deep before anything runs', async () => {
    const res = await rest({ sender: 'deep-payload', message: `/transfer{"recipient":${nestedJson(5000)}}` });
    expect(res.status).toBe(400);
    expect(((await res.json()) as { message: string }).message).toMatch(/payload nests deeper/);
    expect(actions.runs).toBe(0);
  });

  it('refuses deeply nested metadata on socket.io without running the turn', async () => {
    await withSocket(async (socket, texts) => {
      // Widgets may send metadata as a JSON string, which the server parses.
      socket.emit('user_uttered', { message: '/transfer', metadata: deepMetadata });
      // Then a good message on the same socket: its answer proves the first was handled (refused) before it.
      await socketTurn(socket, texts, { message: '/transfer' });
      expect(actions.runs).toBe(1);
      expect(texts.slice(0, 2)).toEqual(['Sent.', 'Done.']);
    });
  });

  it('stores an action result it cannot encode as a failed action, and the turn is saved', async () => {
    actions.deep = true;
    const res = await rest({ sender: 'deep-action', message: '/transfer' });
    expect(res.status).toBe(200);
    expect(actions.runs).toBe(1);
    const state = await trackers.load('deep-action');
    expect(state?.slots.recipient).toBeNull();
    expect(state?.events.some((e) => e.event === 'action' && e.name === 'action_transfer')).toBe(true);
  });

  it('answers a retried message_id from the saved turn without transferring again', async () => {
    const first = await rest({ sender: 'retry', message: '/transfer', message_id: 'm-1' });
    const again = await rest({ sender: 'retry', message: '/transfer', message_id: 'm-1' });
    expect(again.status).toBe(200);
    expect(await again.json()).toEqual(await first.json());
    expect(actions.runs).toBe(1);
    expect(await userEvents('retry')).toHaveLength(1);
    // A new id is a new message.
    await rest({ sender: 'retry', message: '/transfer', message_id: 'm-2' });
    expect(actions.runs).toBe(2);
    // A streamed retry streams the saved answer again.
    const streamed = await (await post('/webhooks/rest/webhook?stream=true', { sender: 'retry', message: '/transfer', message_id: 'm-2' })).text();
    expect(streamed.trim().split('\n').map((line) => JSON.parse(line) as unknown)).toContainEqual({ recipient_id: 'retry', text: 'Sent.' });
    expect(actions.runs).toBe(2);
  });

  it('answers a retried message_id on socket.io with the saved answer, without transferring again', async () => {
    await withSocket(async (socket, texts) => {
      await socketTurn(socket, texts, { message: '/transfer', message_id: 'sock-1' });
      await socketTurn(socket, texts, { message: '/transfer', message_id: 'sock-1' });
      expect(actions.runs).toBe(1);
      expect(texts.filter((t) => t === 'Sent.')).toHaveLength(2);
    });
  });

  it('transfers once when the save fails after the transfer ran and the client retries (the double-transfer repro)', async () => {
    trackers.failNextSave = true;
    const failed = await rest({ sender: 'double', message: '/transfer', message_id: 'pay-1' });
    expect(failed.status).toBe(500);
    expect(actions.runs).toBe(1);

    const retry = await rest({ sender: 'double', message: '/transfer', message_id: 'pay-1' });
    expect(retry.status).toBe(409);
    expect(await retry.json()).toMatchObject({ reason: 'MessageAlreadyProcessed', details: { message_id: 'pay-1' } });
    expect(actions.runs).toBe(1);

    // The conversation goes on with the next message.
    expect((await rest({ sender: 'double', message: 'hello', message_id: 'pay-2' })).status).toBe(200);
    expect(actions.runs).toBe(1);
  });

  it('runs a message again after a failure that came before any action', async () => {
    trackers.failNextSave = true;
    // Nothing but a greeting: no action runs, so the failed turn may simply be retried.
    expect((await rest({ sender: 'no-action', message: 'hello', message_id: 'h-1' })).status).toBe(500);
    expect((await rest({ sender: 'no-action', message: 'hello', message_id: 'h-1' })).status).toBe(200);
    expect(await userEvents('no-action')).toHaveLength(1);
  });
});
