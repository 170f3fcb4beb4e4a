import { pino } from 'pino';
import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import type { ModelInfo } from '../../src/server/server-options.ts';
import { fakeRuntime, testAssistant, type FakeRuntime } from './fake-runtime.ts';

describe('HTTP API', () => {
  let server: ColloquyServer;
  let runtime: FakeRuntime;
  const reloaded: string[] = [];

  beforeAll(async () => {
    runtime = fakeRuntime();
    server = await createServer({
      runtime,
      model: { assistant: testAssistant(), modelId: 'model-123' },
      reloadModel: async (file): Promise<ModelInfo> => {
        if (file.endsWith('missing.tar.gz')) throw new Error('no such file');
        reloaded.push(file);
        return { assistant: testAssistant({ flows: {} }), modelId: 'model-456', modelFile: file };
      },
      enableApi: true,
      bodyLimitBytes: 2048,
      logger: pino({ level: 'silent' }),
    });
  });
  beforeEach(() => runtime.states.clear());
  afterAll(() => server.close());

  const post = (url: string, payload: unknown) => server.app.inject({ method: 'POST', url, payload: payload as object });

  it('returns an empty tracker for an unknown conversation', async () => {
    const res = await server.app.inject('/conversations/new/tracker');
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual({
      sender_id: 'new',
      slots: { name: null },
      latest_message: { text: null, intent: {}, entities: [], message_id: null, metadata: {}, commands: [] },
      latest_event_time: null,
      followup_action: null,
      paused: false,
      stack: [],
      events: [],
      latest_input_channel: null,
      active_loop: {},
      latest_action: {},
      latest_action_name: null,
    });
  });

  it('runs a turn on POST /messages and returns the tracker', async () => {
    const res = await post('/conversations/c1/messages', { text: 'hi', sender: 'user', metadata: { k: 1 } });
    expect(res.statusCode).toBe(200);
    const tracker = res.json();
    expect(tracker.sender_id).toBe('c1');
    expect(tracker.latest_message).toMatchObject({ text: 'hi', commands: [], metadata: { k: 1 } });
    expect(tracker.events.map((e: { event: string }) => e.event)).toEqual(['user', 'bot', 'action']);
    expect(tracker.latest_action_name).toBe('action_listen');
    expect(tracker.latest_input_channel).toBe('rest');
  });

  it('uses given parse_data as an intent', async () => {
    const res = await post('/conversations/c1/messages', {
      text: 'hello there',
      sender: 'user',
      parse_data: { intent: { name: 'greet' }, entities: [{ entity: 'name', value: 'Ann' }] },
    });
    expect(res.json().latest_message.intent).toEqual({ name: 'greet', confidence: 1 });
    expect(res.json().latest_message.text).toBe('/greet{"name":"Ann"}');
  });

  it('rejects messages from other senders, like Rasa', async () => {
    const res = await post('/conversations/c1/messages', { text: 'hi', sender: 'bot' });
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/only user messages/);
    expect(runtime.states.size).toBe(0);
  });

  it('honours include_events', async () => {
    await post('/conversations/c2/messages', { text: 'one', sender: 'user' });
    await post('/conversations/c2/tracker/events', { event: 'restart', timestamp: 1 });
    await post('/conversations/c2/messages', { text: 'two', sender: 'user' });
    const get = async (q: string) => (await server.app.inject(`/conversations/c2/tracker${q}`)).json().events;
    expect(await get('?include_events=ALL')).toHaveLength(7);
    expect(await get('')).toHaveLength(3);
    expect(await get('?include_events=after_restart')).toHaveLength(3);
    expect(await get('?include_events=APPLIED')).toHaveLength(3);
    expect(await get('?include_events=NONE')).toBeNull();
    const bad = await server.app.inject('/conversations/c2/tracker?include_events=SOME');
    expect(bad.statusCode).toBe(400);
    expect(bad.json().reason).toBe('BadRequest');
  });

  it('triggers an intent and returns tracker and messages', async () => {
    const res = await post('/conversations/c3/trigger_intent', { name: 'greet', entities: { name: 'Ann' } });
    expect(res.statusCode).toBe(200);
    expect(res.json().messages).toEqual([{ recipient_id: 'c3', text: 'echo: /greet{"name":"Ann"}' }]);
    expect(res.json().tracker.latest_message.commands).toEqual([{ command: 'start flow', flow: 'greet' }]);
  });

  it('appends events (one or many) and replaces them with PUT', async () => {
    let res = await post('/conversations/c4/tracker/events', { event: 'slot', name: 'name', value: 'Ann', timestamp: 1 });
    expect(res.json().slots).toEqual({ name: 'Ann' });
    res = await post('/conversations/c4/tracker/events', [
      { event: 'slot', name: 'name', value: 'Bo', timestamp: 2 },
      { event: 'pause', timestamp: 3 },
    ]);
    expect(res.json().events).toHaveLength(3);
    res = await server.app.inject({ method: 'PUT', url: '/conversations/c4/tracker/events', payload: [{ event: 'resume', timestamp: 4 }] });
    expect(res.json().events).toEqual([{ event: 'resume', timestamp: 4 }]);
  });

  it('refuses invalid events with 400 and stores nothing', async () => {
    const res = await post('/conversations/c5/tracker/events', [{ event: 'teleport' }]);
    expect(res.statusCode).toBe(400);
    expect(res.json().message).toMatch(/teleport/);
    const missing = await post('/conversations/c5/tracker/events', [{ name: 'x' }]);
    expect(missing.statusCode).toBe(400);
    expect(missing.json().details.issues[0].path).toBe('0.event');
    expect(runtime.states.has('c5')).toBe(false);
  });

  it('lists and deletes conversations', async () => {
    await post('/conversations/a/messages', { text: 'x', sender: 'user' });
    await post('/conversations/b/messages', { text: 'x', sender: 'user' });
    expect((await server.app.inject('/conversations')).json()).toEqual(['a', 'b']);
    const del = await server.app.inject({ method: 'DELETE', url: '/conversations/a/tracker' });
    expect(del.statusCode).toBe(204);
    expect((await server.app.inject('/conversations')).json()).toEqual(['b']);
  });

  it('lists conversations with their channel and last activity, newest first, on ?details=true', async () => {
    await post('/conversations/old/messages', { text: 'x', sender: 'user' });
    await new Promise((resolve) => setTimeout(resolve, 20));
    await post('/conversations/new/messages', { text: 'x', sender: 'user' });
    const details = (await server.app.inject('/conversations?details=true')).json() as { sender_id: string; latest_input_channel: string | null; latest_event_time: number | null }[];
    expect(details.map((d) => d.sender_id)).toEqual(['new', 'old']);
    expect(details[0]).toMatchObject({ latest_input_channel: 'rest' });
    expect(details[0]!.latest_event_time).toBeGreaterThan(details[1]!.latest_event_time!);
    expect((await server.app.inject('/conversations?details=maybe')).statusCode).toBe(400);
  });

  it('serves the domain and flows as Rasa JSON', async () => {
    const domain = (await server.app.inject('/domain')).json();
    expect(domain.slots.name).toEqual({ type: 'text', initial_value: null, influence_conversation: false, mappings: [{ type: 'from_llm' }] });
    expect(domain.actions).toEqual(['action_check', { action_domain: { send_domain: true } }, 'action_listen']);
    expect(domain.session_config).toEqual({ session_expiration_time: 60, carry_over_slots_to_new_session: true });
    expect(domain.responses.utter_ask_name[0].buttons).toEqual([{ title: 'Ann', payload: '/SetSlots(name=Ann)' }]);
    const flows = (await server.app.inject('/flows')).json();
    expect(flows[0]).toMatchObject({ id: 'greet', description: 'Greets the user', steps: [{ id: 'ask_name', collect: 'name', next: 'say_hi' }, { id: 'say_hi', action: 'utter_greet', next: 'END' }] });
  });

  it('reloads the model on PUT /model and reports it', async () => {
    const bad = await server.app.inject({ method: 'PUT', url: '/model', payload: { model_file: 'models/missing.tar.gz' } });
    expect(bad.statusCode).toBe(400);
    expect(bad.json().reason).toBe('LoadingError');
    expect((await server.app.inject({ method: 'PUT', url: '/model', payload: {} })).statusCode).toBe(400);
    const ok = await server.app.inject({ method: 'PUT', url: '/model', payload: { model_file: 'models/new.tar.gz' } });
    expect(ok.statusCode).toBe(204);
    expect(reloaded).toEqual(['models/new.tar.gz']);
    expect((await server.app.inject('/status')).json().model_id).toBe('model-456');
    expect((await server.app.inject('/flows')).json()).toEqual([]);
  });

  describe('bad input gets a JSON 4xx and changes nothing', () => {
    const send = (payload: string | Buffer, contentType = 'application/json') =>
      server.app.inject({ method: 'POST', url: '/conversations/x/messages', payload, headers: { 'content-type': contentType } });

    it.each([
      ['invalid JSON', '{"text": "hi",', 400],
      ['empty body', '', 400],
      ['wrong types', JSON.stringify({ text: 5, sender: 'user' }), 400],
      ['missing fields', JSON.stringify({ sender: 'user' }), 400],
      ['a JSON array', '[1,2]', 400],
      ['prototype poisoning', '{"text":"x","sender":"user","__proto__":{"a":1}}', 400],
      ['a body over the limit', JSON.stringify({ text: 'x'.repeat(5000), sender: 'user' }), 413],
    ])('%s', async (_name, payload, status) => {
      const res = await send(payload);
      expect(res.statusCode).toBe(status);
      expect(res.headers['content-type']).toMatch(/^application\/json/);
      expect(res.json()).toMatchObject({ status: 'failure', code: status });
      expect(runtime.states.size).toBe(0);
    });

    it('invalid UTF-8', async () => {
      const res = await send(Buffer.concat([Buffer.from('{"text":"'), Buffer.from([0xc3, 0x28]), Buffer.from('","sender":"user"}')]));
      expect(res.statusCode).toBe(400);
      expect(res.json().message).toMatch(/UTF-8/);
      expect(runtime.states.size).toBe(0);
    });

    it('an unsupported content type', async () => {
      const res = await send('text=hi', 'application/x-www-form-urlencoded');
      expect(res.statusCode).toBe(415);
      expect(res.json().reason).toBe('UnsupportedMediaType');
    });

    it('input the runtime rejects', async () => {
      const res = await send(JSON.stringify({ text: 'invalid', sender: 'user' }));
      expect(res.statusCode).toBe(400);
      expect(res.json().details).toEqual({ field: 'text' });
    });

    it('a runtime fault is a JSON 500 without internals', async () => {
      const res = await send(JSON.stringify({ text: 'fail', sender: 'user' }));
      expect(res.statusCode).toBe(500);
      expect(res.json()).toMatchObject({ reason: 'ServerError', status: 'failure' });
      expect(res.body).not.toContain('boom');
    });
  });
});
