import { pino } from 'pino';
import { io as connect, type Socket } from 'socket.io-client';
import { afterAll, afterEach, beforeAll, describe, expect, it, vi } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { fakeRuntime, testAssistant, type FakeRuntime } from './fake-runtime.ts';

function nextEvent<T = unknown>(socket: Socket, event: string): Promise<T> {
  return new Promise((resolve) => socket.once(event, resolve));
}

function collect(socket: Socket, event: string, count: number): Promise<unknown[]> {
  const received: unknown[] = [];
  return new Promise((resolve) => {
    socket.on(event, (data: unknown) => {
      received.push(data);
      if (received.length === count) resolve(received);
    });
  });
}

async function serve(options: Record<string, unknown>): Promise<{ server: ColloquyServer; url: string; runtime: FakeRuntime }> {
  const runtime = fakeRuntime();
  const server = await createServer({
    runtime,
    model: { assistant: testAssistant({ channels: [{ name: 'socketio', options }] }), modelId: 'm' },
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
  });
  return { server, url: await server.listen(), runtime };
}

describe('socket.io channel (Rasa web chat protocol)', () => {
  let ctx: Awaited<ReturnType<typeof serve>>;
  const sockets: Socket[] = [];
  const open = (path = '/socket.io') => {
    const socket = connect(ctx.url, { path, transports: ['websocket'], forceNew: true });
    sockets.push(socket);
    return socket;
  };

  beforeAll(async () => {
    ctx = await serve({});
  });
  afterEach(() => {
    for (const socket of sockets.splice(0)) socket.disconnect();
  });
  afterAll(() => ctx.server.close());

  it('confirms sessions, generating an id when none is given', async () => {
    const socket = open();
    const confirmed = nextEvent<string>(socket, 'session_confirm');
    socket.emit('session_request', { session_id: null });
    expect(await confirmed).toMatch(/^[0-9a-f]{32}$/);
    const again = nextEvent<string>(socket, 'session_confirm');
    socket.emit('session_request', { session_id: 'abc' });
    expect(await again).toBe('abc');
  });

  it('answers user_uttered with bot_uttered, per socket without session persistence', async () => {
    const socket = open();
    await nextEvent(socket, 'connect');
    const reply = nextEvent(socket, 'bot_uttered');
    socket.emit('user_uttered', { message: 'hello', session_id: 'ignored', metadata: '{"lang":"de"}' });
    expect(await reply).toEqual({ text: 'echo: hello' });
    const state = await vi.waitFor(() => ctx.runtime.states.get(socket.id!) ?? Promise.reject(new Error('not saved yet')));
    expect(state.events[0]).toMatchObject({ text: 'hello', input_channel: 'socketio', metadata: { lang: 'de' } });
  });

  it('sends buttons as quick_replies and images as attachments', async () => {
    const socket = open();
    await nextEvent(socket, 'connect');
    let replies = collect(socket, 'bot_uttered', 1);
    socket.emit('user_uttered', { message: 'buttons' });
    expect(await replies).toEqual([
      {
        text: 'Pick one',
        quick_replies: [
          { content_type: 'text', title: 'Yes', payload: '/affirm' },
          { content_type: 'text', title: 'No', payload: '/deny' },
        ],
      },
    ]);
    socket.off('bot_uttered');
    replies = collect(socket, 'bot_uttered', 2);
    socket.emit('user_uttered', { message: 'image' });
    expect(await replies).toEqual([{ text: 'Look' }, { attachment: { type: 'image', payload: { src: 'https://example.com/cat.png' } } }]);
  });

  it('ignores malformed payloads and keeps serving', async () => {
    const socket = open();
    await nextEvent(socket, 'connect');
    socket.emit('user_uttered', 'not an object');
    socket.emit('user_uttered', null);
    socket.emit('session_request', 42);
    const reply = nextEvent(socket, 'bot_uttered');
    socket.emit('user_uttered', { message: 'still here' });
    expect(await reply).toEqual({ text: 'echo: still here' });
  });
});

describe('socket.io channel with session persistence and custom events', () => {
  let ctx: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    ctx = await serve({ session_persistence: true, user_message_evt: 'ask', bot_message_evt: 'answer', socketio_path: '/chat-io' });
  });
  afterAll(() => ctx.server.close());

  it('keeps the conversation across reconnects and serves every socket of the session', async () => {
    const first = connect(ctx.url, { path: '/chat-io', transports: ['websocket'], forceNew: true });
    const confirmed = nextEvent(first, 'session_confirm');
    first.emit('session_request', { session_id: 'sess-1' });
    expect(await confirmed).toBe('sess-1');
    let reply = nextEvent(first, 'answer');
    first.emit('ask', { message: 'one', session_id: 'sess-1' });
    expect(await reply).toEqual({ text: 'echo: one' });
    first.disconnect();

    const second = connect(ctx.url, { path: '/chat-io', transports: ['websocket'], forceNew: true });
    const reconfirmed = nextEvent(second, 'session_confirm');
    second.emit('session_request', { session_id: 'sess-1' });
    await reconfirmed;
    reply = nextEvent(second, 'answer');
    second.emit('ask', { message: 'two', session_id: 'sess-1' });
    expect(await reply).toEqual({ text: 'echo: two' });
    second.disconnect();

    await vi.waitFor(() => {
      const texts = ctx.runtime.states.get('sess-1')?.events.filter((e) => e.event === 'user').map((e) => (e as { text: string }).text);
      expect(texts).toEqual(['one', 'two']);
    });
  });

  it('ignores messages without a session id', async () => {
    const socket = connect(ctx.url, { path: '/chat-io', transports: ['websocket'], forceNew: true });
    await nextEvent(socket, 'connect');
    socket.emit('ask', { message: 'lost' });
    const reply = nextEvent(socket, 'answer');
    socket.emit('session_request', { session_id: 'sess-2' });
    await nextEvent(socket, 'session_confirm');
    socket.emit('ask', { message: 'found', session_id: 'sess-2' });
    expect(await reply).toEqual({ text: 'echo: found' });
    const userTexts = [...ctx.runtime.states.values()].flatMap((state) => state.events.filter((e) => e.event === 'user').map((e) => (e as { text: string }).text));
    expect(userTexts).not.toContain('lost');
    socket.disconnect();
  });
});

describe('socket.io channel attached on its first request', () => {
  let ctx: Awaited<ReturnType<typeof serve>>;
  beforeAll(async () => {
    ctx = await serve({});
  });
  afterAll(() => ctx.server.close());

  it('answers long-polling handshakes that arrive together first, while other paths stay the server’s', async () => {
    const [status, ...handshakes] = await Promise.all([fetch(`${ctx.url}/status`), ...[1, 2, 3].map(() => fetch(`${ctx.url}/socket.io/?EIO=4&transport=polling`))]);
    expect(status.status).toBe(200);
    for (const handshake of handshakes) expect(await handshake.text()).toMatch(/^0\{"sid":/);
    expect((await fetch(`${ctx.url}/socket.io-not/`)).status).toBe(404);

    const socket = connect(ctx.url, { transports: ['polling'], forceNew: true });
    const reply = nextEvent(socket, 'bot_uttered');
    socket.emit('user_uttered', { message: 'by polling' });
    expect(await reply).toEqual({ text: 'echo: by polling' });
    socket.disconnect();
  });
});
