import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { COLLOQUY_VERSION } from '../../src/server/version.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

describe('health routes and errors', () => {
  let server: ColloquyServer;
  beforeAll(async () => {
    server = await createServer({
      runtime: fakeRuntime(),
      model: { assistant: testAssistant(), modelId: 'model-123', modelFile: 'models/m.tar.gz' },
      logger: pino({ level: 'silent' }),
      cors: ['https://chat.example.com'],
    });
  });
  afterAll(() => server.close());

  it('greets on GET /', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/' });
    expect(res.statusCode).toBe(200);
    expect(res.headers['content-type']).toMatch(/^text\/plain/);
    expect(res.body).toBe(`Hello from colloquy: ${COLLOQUY_VERSION}`);
  });

  it('reports version, status and health', async () => {
    expect((await server.app.inject('/version')).json()).toEqual({ version: COLLOQUY_VERSION, minimum_compatible_version: COLLOQUY_VERSION });
    expect((await server.app.inject('/status')).json()).toEqual({ model_id: 'model-123', model_file: 'models/m.tar.gz', num_active_training_jobs: 0 });
    expect((await server.app.inject('/health')).json()).toEqual({ status: 'ok' });
    expect((await server.app.inject('/health/ready')).json()).toEqual({ status: 'ready' });
  });

  it('answers unknown routes with a JSON 404', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/nope?x=1' });
    expect(res.statusCode).toBe(404);
    expect(res.json()).toEqual({
      version: COLLOQUY_VERSION,
      status: 'failure',
      message: 'No route GET /nope.',
      reason: 'NotFound',
      details: {},
      help: null,
      code: 404,
    });
  });

  it('keeps the API off unless enabled', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/conversations/a/tracker' });
    expect(res.statusCode).toBe(404);
  });

  it('answers a malformed URL with a JSON 400', async () => {
    const res = await server.app.inject({ method: 'GET', url: '/webhooks/%zz' });
    expect(res.statusCode).toBeGreaterThanOrEqual(400);
    expect(res.statusCode).toBeLessThan(500);
    expect(res.json().status).toBe('failure');
  });

  it('allows configured CORS origins only', async () => {
    const preflight = await server.app.inject({
      method: 'OPTIONS',
      url: '/webhooks/rest/webhook',
      headers: { origin: 'https://chat.example.com', 'access-control-request-method': 'POST' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('https://chat.example.com');
    const other = await server.app.inject({ method: 'GET', url: '/', headers: { origin: 'https://evil.example.com' } });
    expect(other.headers['access-control-allow-origin']).toBeUndefined();
  });
});
