import { pino } from 'pino';
import { describe, expect, it, vi } from 'vitest';
import { createServer } from '../../src/server/create-server.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

async function serve(options: { responseTimeoutSeconds?: number; shutdownTimeoutMs?: number } = {}) {
  const runtime = fakeRuntime();
  const server = await createServer({
    runtime,
    model: { assistant: testAssistant(), modelId: 'm' },
    host: '127.0.0.1',
    port: 0,
    logger: pino({ level: 'silent' }),
    ...options,
  });
  return { runtime, server, url: await server.listen() };
}

const say = (url: string, message: string) =>
  fetch(`${url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: 'u', message }) });

describe('graceful shutdown', () => {
  it('waits for an in-flight turn, refuses new turns and reports not ready meanwhile', async () => {
    const { runtime, server, url } = await serve();
    const inFlight = say(url, 'wait');
    await vi.waitFor(() => expect(runtime.waiting).toBe(1));

    let closed = false;
    const closing = server.close().then(() => (closed = true));
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(closed).toBe(false);

    const refused = await server.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'v', message: 'hi' } });
    expect(refused.statusCode).toBe(503);
    expect(refused.json().reason).toBe('ServiceUnavailable');
    expect((await server.app.inject('/health/ready')).statusCode).toBe(503);
    expect((await server.app.inject('/health')).statusCode).toBe(200);

    runtime.release();
    const response = await inFlight;
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ recipient_id: 'u', text: 'echo: wait' }]);
    await closing;
    expect(closed).toBe(true);
    expect(runtime.states.has('v')).toBe(false);
    await expect(say(url, 'hi')).rejects.toThrow();
  });

  it('gives up waiting after the shutdown timeout', async () => {
    const { runtime, server, url } = await serve({ shutdownTimeoutMs: 100 });
    const inFlight = say(url, 'wait').catch((error: unknown) => error);
    await vi.waitFor(() => expect(runtime.waiting).toBe(1));
    const started = Date.now();
    await server.close();
    expect(Date.now() - started).toBeLessThan(2000);
    await inFlight;
    runtime.release();
  });
});

describe('response timeout', () => {
  it('answers 503 ResponseTimeout when a turn takes too long', async () => {
    const { runtime, server } = await serve({ responseTimeoutSeconds: 0.05 });
    try {
      const res = await server.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'u', message: 'wait' } });
      expect(res.statusCode).toBe(503);
      expect(res.json()).toMatchObject({ reason: 'ResponseTimeout', status: 'failure' });
      runtime.release();
      // The turn still completes and is kept.
      await vi.waitFor(() => expect(runtime.states.has('u')).toBe(true));
    } finally {
      await server.close();
    }
  });
});
