/**
 * The parts of Rasa's HTTP API that tools built for Rasa call: `/model/parse`, `/predict`,
 * `/execute`, `/story`, `trigger_intent` for unknown intents, and slot checks on appended events,
 * on a real server and turn processor.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../../src/adapters/stores/memory-tracker-store.ts';
import type { ActionResult, ActionRunner } from '../../src/ports/action-runner.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { assistantFromYaml } from '../engine/project-fixture.ts';

const assistant = assistantFromYaml({
  domain: `version: "3.1"
intents: [greet, pay]
actions: [action_check_balance]
slots:
  amount: {type: float, min_value: 0, max_value: 1000}
  balance: {type: float}
responses:
  utter_hi:
    - text: "Hi!"
  utter_ask_amount:
    - text: "How much?"
  utter_paid:
    - text: "Paid {amount}."
`,
  flows: `flows:
  greet:
    description: say hi
    nlu_trigger: [intent: greet]
    steps:
      - action: utter_hi
  pay:
    description: pay an amount
    nlu_trigger: [intent: pay]
    steps:
      - collect: amount
      - action: utter_paid
`,
});

/** `action_check_balance` sets the balance and says so; counts its runs. */
const balanceAction = {
  runs: 0,
  has: (name: string) => name === 'action_check_balance',
  async run(): Promise<ActionResult> {
    balanceAction.runs += 1;
    return { events: [{ event: 'slot', name: 'balance', value: 42 }], responses: [{ text: 'Your balance is 42.' }] };
  },
} satisfies ActionRunner & { runs: number };

describe("Rasa's HTTP API", () => {
  const trackers = new MemoryTrackerStore();
  let server: ColloquyServer;
  let url: string;

  beforeAll(async () => {
    const generator = createPipeline(assistant, { llmClientFor: () => { throw new Error('no LLM here'); } });
    const runtime = new TurnProcessor({ assistant: () => assistant, generator: () => generator, trackers, locks: new MemoryLockStore(), actions: balanceAction, logger: pino({ level: 'silent' }) });
    server = await createServer({ runtime, model: { assistant, modelId: 'm' }, enableApi: true, host: '127.0.0.1', port: 0, logger: pino({ level: 'silent' }) });
    url = await server.listen();
  });
  afterAll(() => server.close());

  const call = async (method: string, path: string, body?: unknown) => {
    const response = await fetch(`${url}${path}`, { method, ...(body !== undefined ? { headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) } : {}) });
    const text = await response.text();
    return { status: response.status, type: response.headers.get('content-type') ?? '', text, json: () => JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
  };
  const say = (id: string, text: string) => call('POST', `/conversations/${id}/messages`, { text, sender: 'user' });

  describe('POST /model/parse', () => {
    it('parses an intent payload as Rasa does: the intent at confidence 1, its entities and the commands', async () => {
      const res = await call('POST', '/model/parse', { text: '/pay{"amount": 30}' });
      expect(res.status).toBe(200);
      expect(res.json()).toEqual({
        text: '/pay{"amount": 30}',
        intent: { name: 'pay', confidence: 1 },
        entities: [{ entity: 'amount', value: 30 }],
        commands: [{ command: 'start flow', flow: 'pay' }, { command: 'set slot', name: 'amount', value: 30, extractor: 'COMMAND_PAYLOAD_READER' }],
      });
    });

    it('runs the command generator on free text and stores nothing', async () => {
      const res = await call('POST', '/model/parse', { text: 'I want to pay' });
      expect(res.status).toBe(200);
      const parsed = res.json();
      expect(parsed).toMatchObject({ text: 'I want to pay', entities: [] });
      expect(parsed.intent).toHaveProperty('name');
      expect(parsed.commands).toContainEqual({ command: 'start flow', flow: 'pay' });
      expect(await trackers.keys()).toEqual([]);
    });

    it('refuses a body without text and emulation modes with a JSON 400', async () => {
      expect((await call('POST', '/model/parse', { message: 'hi' })).status).toBe(400);
      const emulated = await call('POST', '/model/parse?emulation_mode=luis', { text: 'hi' });
      expect(emulated.status).toBe(400);
      expect(emulated.json().message).toMatch(/emulation modes/);
    });
  });

  it('answers trigger_intent with an unknown intent with 404, as Rasa does, and runs nothing', async () => {
    const res = await call('POST', '/conversations/t1/trigger_intent', { name: 'no_such_intent' });
    expect(res.status).toBe(404);
    expect(res.json()).toMatchObject({ status: 'failure', reason: 'NotFound', code: 404 });
    expect(await trackers.load('t1')).toBeUndefined();
    const known = await call('POST', '/conversations/t1/trigger_intent', { name: 'greet' });
    expect(known.status).toBe(200);
    expect(known.json().messages[0]).toEqual({ recipient_id: 't1', text: 'Hi!' });
  });

  describe('POST /conversations/{id}/tracker/events', () => {
    it.each([
      ['"NaN"', 'NaN'],
      ['"Infinity"', 'Infinity'],
      ['a negative amount below min_value 0', -5],
      ['an amount above max_value 1000', 5000],
      ['a string', 'lots'],
    ])('refuses %s for a float slot with a JSON 400 and appends nothing', async (_, value) => {
      const res = await call('POST', '/conversations/ev1/tracker/events', [{ event: 'slot', name: 'amount', value }]);
      expect(res.status).toBe(400);
      expect(res.json().message).toMatch(/slot 'amount' \(float\).*expects a number from 0 to 1000/);
      expect(await trackers.load('ev1')).toBeUndefined();
    });

    it('refuses a non-finite value for a float slot without bounds on PUT, keeping the conversation it would replace', async () => {
      await say('ev2', '/greet');
      const before = await trackers.load('ev2');
      const res = await call('PUT', '/conversations/ev2/tracker/events', [{ event: 'slot', name: 'balance', value: 'NaN' }]);
      expect(res.status).toBe(400);
      expect(res.json().message).toMatch(/slot .balance. \(float\) to "NaN", but it expects a number/);
      expect(await trackers.load('ev2')).toEqual(before);
      const replaced = await call('PUT', '/conversations/ev2/tracker/events', [{ event: 'slot', name: 'balance', value: 7 }]);
      expect(replaced.json().events).toEqual([expect.objectContaining({ event: 'slot', name: 'balance', value: 7 })]);
    });

    it('appends a value in range', async () => {
      const res = await call('POST', '/conversations/ev3/tracker/events', [{ event: 'slot', name: 'amount', value: 250.5 }]);
      expect(res.status).toBe(200);
      expect(res.json().slots.amount).toBe(250.5);
    });
  });

  describe('POST /conversations/{id}/predict', () => {
    it('predicts action_listen for a stored conversation, scored over every action, without running anything', async () => {
      await say('p1', '/greet');
      const before = (await trackers.load('p1'))!.events.length;
      const res = await call('POST', '/conversations/p1/predict');
      expect(res.status).toBe(200);
      const prediction = res.json();
      expect(prediction).toMatchObject({ policy: 'FlowPolicy', confidence: 1, tracker: { sender_id: 'p1' } });
      expect(prediction.scores[0]).toEqual({ action: 'action_listen', score: 1 });
      expect(prediction.scores.map((s: { action: string }) => s.action)).toEqual(expect.arrayContaining(['utter_hi', 'action_check_balance', 'action_restart']));
      expect(prediction.scores.slice(1).every((s: { score: number }) => s.score === 0)).toBe(true);
      expect((await trackers.load('p1'))!.events).toHaveLength(before);
    });

    it('answers 404 for an unknown conversation', async () => {
      expect((await call('POST', '/conversations/nobody/predict')).status).toBe(404);
    });
  });

  describe('POST /conversations/{id}/execute', () => {
    it('runs a response and returns the tracker and the messages', async () => {
      await say('x1', '/greet');
      const res = await call('POST', '/conversations/x1/execute', { name: 'utter_hi' });
      expect(res.status).toBe(200);
      const body = res.json();
      expect(body.messages).toEqual([{ recipient_id: 'x1', text: 'Hi!' }]);
      expect(body.tracker.latest_action_name).toBe('utter_hi');
      expect(body.tracker.events.slice(-2)).toMatchObject([{ event: 'action', name: 'utter_hi' }, { event: 'bot', text: 'Hi!' }]);
    });

    it('runs a custom action once, applying its events', async () => {
      await say('x2', '/greet');
      const runs = balanceAction.runs;
      const res = await call('POST', '/conversations/x2/execute', { name: 'action_check_balance' });
      expect(res.status).toBe(200);
      expect(balanceAction.runs).toBe(runs + 1);
      expect(res.json().tracker.slots.balance).toBe(42);
      expect(res.json().messages).toEqual([{ recipient_id: 'x2', text: 'Your balance is 42.' }]);
    });

    it('answers 404 for an unknown conversation and 400 for an unknown action or no name', async () => {
      expect((await call('POST', '/conversations/nobody/execute', { name: 'utter_hi' })).status).toBe(404);
      await say('x3', '/greet');
      const unknown = await call('POST', '/conversations/x3/execute', { name: 'action_nope' });
      expect(unknown.status).toBe(400);
      expect(unknown.json().message).toMatch(/action_nope/);
      expect((await call('POST', '/conversations/x3/execute', {})).status).toBe(400);
    });
  });

  describe('GET /conversations/{id}/story', () => {
    it('writes the conversation as a Rasa YAML test story', async () => {
      await say('s1', '/pay');
      await call('POST', '/conversations/s1/tracker/events', [{ event: 'slot', name: 'amount', value: 20 }]);
      const res = await call('GET', '/conversations/s1/story');
      expect(res.status).toBe(200);
      expect(res.type).toMatch(/^text\/plain/);
      expect(res.text).toMatch(/^version: "3\.1"\n/);
      expect(res.text).toContain('user: |-\n');
      const story = parseYaml(res.text) as { stories: { story: string; steps: Record<string, unknown>[] }[] };
      expect(story.stories).toHaveLength(1);
      expect(story.stories[0]!.story).toBe('s1');
      const steps = story.stories[0]!.steps;
      expect(steps).toContainEqual({ action: 'action_session_start' });
      expect(steps).toContainEqual({ user: '/pay' });
      expect(steps).toContainEqual({ action: 'utter_ask_amount' });
      expect(steps.at(-1)).toEqual({ slot_was_set: [{ amount: 20 }] });
      expect(steps).not.toContainEqual({ action: 'action_listen' });
    });

    it('writes one story per session with all_sessions=true, and only events up to until', async () => {
      await say('s2', '/greet');
      const firstSessionEnd = (await trackers.load('s2'))!.events.at(-1)!.timestamp;
      await call('POST', '/conversations/s2/tracker/events', [{ event: 'session_started', timestamp: firstSessionEnd + 1 }, { event: 'action', name: 'utter_hi', timestamp: firstSessionEnd + 2 }]);
      const all = parseYaml((await call('GET', '/conversations/s2/story?all_sessions=true')).text) as { stories: { story: string }[] };
      expect(all.stories.map((s) => s.story)).toEqual(['s2, story 1', 's2, story 2']);
      const early = parseYaml((await call('GET', `/conversations/s2/story?until=${firstSessionEnd}`)).text) as { stories: { steps: unknown[] }[] };
      expect(early.stories[0]!.steps).not.toContainEqual({ action: 'utter_hi', timestamp: firstSessionEnd + 2 });
      expect(early.stories[0]!.steps.filter((s) => JSON.stringify(s) === '{"action":"utter_hi"}')).toHaveLength(1);
    });

    it('answers 404 for an unknown conversation', async () => {
      expect((await call('GET', '/conversations/nobody/story')).status).toBe(404);
    });
  });
});
