import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { fakeRuntime, testAssistant, type FakeRuntime } from './fake-runtime.ts';

describe('REST channel', () => {
  let server: ColloquyServer;
  let runtime: FakeRuntime;
  let url: string;
  beforeAll(async () => {
    runtime = fakeRuntime();
    server = await createServer({
      runtime,
      model: { assistant: testAssistant({ channels: [{ name: 'rest', options: {} }] }), modelId: 'm' },
      host: '127.0.0.1',
      port: 0,
      logger: pino({ level: 'silent' }),
    });
    url = await server.listen();
  });
  afterAll(() => server.close());

  const webhook = (payload: unknown, query = '') => server.app.inject({ method: 'POST', url: `/webhooks/rest/webhook${query}`, payload: payload as object });

  it('answers the health check', async () => {
    const res = await server.app.inject('/webhooks/rest/');
    expect(res.json()).toEqual({ status: 'ok' });
  });

  it('returns the bot messages for a user message', async () => {
    const res = await webhook({ sender: 'u1', message: 'hello', metadata: { lang: 'en' } });
    expect(res.statusCode).toBe(200);
    expect(res.json()).toEqual([{ recipient_id: 'u1', text: 'echo: hello' }]);
    expect(runtime.states.get('u1')?.events[0]).toMatchObject({ event: 'user', text: 'hello', metadata: { lang: 'en' }, input_channel: 'rest' });
  });

  it('formats buttons, images, custom payloads and paragraphs like Rasa', async () => {
    expect((await webhook({ sender: 'u2', message: 'buttons' })).json()).toEqual([
      { recipient_id: 'u2', text: 'Pick one', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'No', payload: '/deny' }] },
    ]);
    expect((await webhook({ sender: 'u2', message: 'image' })).json()).toEqual([
      { recipient_id: 'u2', text: 'Look' },
      { recipient_id: 'u2', image: 'https://example.com/cat.png' },
    ]);
    expect((await webhook({ sender: 'u2', message: 'custom' })).json()).toEqual([{ recipient_id: 'u2', custom: { kind: 'card', title: 'T' } }]);
    expect((await webhook({ sender: 'u2', message: 'paragraphs' })).json()).toEqual([
      { recipient_id: 'u2', text: 'first' },
      { recipient_id: 'u2', text: 'second' },
    ]);
  });

  it.each([
    ['no sender', { message: 'hi' }],
    ['no message', { sender: 'u3' }],
    ['a numeric message', { sender: 'u3', message: 5 }],
    ['an empty sender', { sender: '', message: 'hi' }],
    ['metadata that is not an object', { sender: 'u3', message: 'hi', metadata: [1] }],
  ])('refuses %s with a JSON 400', async (_name, payload) => {
    const res = await webhook(payload);
    expect(res.statusCode).toBe(400);
    expect(res.json()).toMatchObject({ status: 'failure', reason: 'BadRequest' });
    expect(runtime.states.has('u3')).toBe(false);
  });

  it('streams NDJSON as the bot produces messages', async () => {
    runtime.states.clear();
    const res = await fetch(`${url}/webhooks/rest/webhook?stream=true`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender: 's1', message: 'three' }),
    });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^application\/x-ndjson/);
    const reader = res.body!.getReader();
    const decoder = new TextDecoder();
    const chunks: string[] = [];
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      chunks.push(decoder.decode(value));
    }
    // The fake runtime pauses between messages, so they arrive as separate chunks.
    expect(chunks.length).toBeGreaterThanOrEqual(3);
    const lines = chunks.join('').trim().split('\n').map((line) => JSON.parse(line));
    expect(lines).toEqual([
      { recipient_id: 's1', text: 'one' },
      { recipient_id: 's1', text: 'two' },
      { recipient_id: 's1', text: 'three' },
    ]);
  });

  it('ends a failed stream with an error line', async () => {
    const res = await webhook({ sender: 's2', message: 'fail' }, '?stream=true');
    expect(res.statusCode).toBe(200);
    expect(JSON.parse(res.body.trim())).toMatchObject({ status: 'failure', code: 500 });
  });
});
