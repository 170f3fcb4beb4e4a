import fc from 'fast-check';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

const METHODS = ['GET', 'POST', 'PUT', 'DELETE', 'PATCH', 'HEAD', 'OPTIONS'] as const;
const PATHS = [
  '/',
  '/version',
  '/status',
  '/health',
  '/health/ready',
  '/webhooks/rest/',
  '/webhooks/rest/webhook',
  '/conversations',
  '/conversations/{id}/tracker',
  '/conversations/{id}/messages',
  '/conversations/{id}/trigger_intent',
  '/conversations/{id}/tracker/events',
  '/domain',
  '/flows',
  '/model',
  '/{id}',
  '/webhooks/{id}/webhook',
  '/conversations/{id}/{id}',
];
const CONTENT_TYPES = ['application/json', 'application/json; charset=utf-8', 'text/plain', 'application/x-www-form-urlencoded', 'multipart/form-data', 'application/octet-stream', 'application/json; charset=latin1', ''];

const segment = fc.oneof(
  fc.constantFrom('u1', 'a', '%20', '%zz', '..', '%2F', 'ü', '%C3%28', 'x'.repeat(600), ''),
  fc.string({ maxLength: 12 }).map(encodeURIComponent),
);
const query = fc.oneof(
  fc.constant(''),
  fc.constantFrom('?stream=true', '?include_events=ALL', '?include_events=BAD', '?include_events=NONE&include_events=ALL', '?token=', '?token=secret', '?stream=true&token=x', '?%zz=1', '?a[b]=c'),
  fc.dictionary(fc.string({ maxLength: 6 }), fc.string({ maxLength: 6 }), { maxKeys: 3 }).map((d) => `?${new URLSearchParams(d).toString()}`),
);
const goodBody = fc.oneof(
  fc.record({ sender: fc.string({ maxLength: 20 }), message: fc.string({ maxLength: 50 }) }, { requiredKeys: [] }),
  fc.record({ text: fc.string({ maxLength: 20 }), sender: fc.constantFrom('user', 'bot', ''), parse_data: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: ['text'] }),
  fc.record({ name: fc.string({ maxLength: 10 }), entities: fc.jsonValue({ maxDepth: 2 }) }, { requiredKeys: [] }),
  fc.array(fc.record({ event: fc.constantFrom('slot', 'user', 'bot', 'restart', 'nope', ''), name: fc.string(), value: fc.jsonValue({ maxDepth: 1 }), timestamp: fc.double() }, { requiredKeys: [] }), { maxLength: 4 }),
  fc.record({ model_file: fc.jsonValue({ maxDepth: 1 }) }),
);
const body = fc.oneof(
  goodBody.map((v) => JSON.stringify(v)),
  fc.jsonValue({ maxDepth: 3 }).map((v) => JSON.stringify(v) ?? 'null'),
  fc.string({ maxLength: 60 }),
  fc.uint8Array({ maxLength: 60 }).map((bytes) => Buffer.from(bytes)),
  goodBody.map((v) => JSON.stringify(v).slice(0, -1)),
  fc.constant(`{"sender":"big","message":"${'x'.repeat(5000)}"}`),
  fc.constant('{"__proto__":{"polluted":true},"sender":"p","message":"m"}'),
  fc.constant(undefined),
);
const request = fc.record({
  method: fc.constantFrom(...METHODS),
  path: fc.tuple(fc.constantFrom(...PATHS), segment, segment).map(([p, a, b]) => p.replace('{id}', a).replace('{id}', b)),
  query,
  body,
  contentType: fc.constantFrom(...CONTENT_TYPES),
  authorization: fc.constantFrom(undefined, 'Bearer x.y.z', 'Bearer ', 'Basic YTpi', 'Bearer eyJhbGciOiJub25lIn0.eyJ1c2VyIjp7InJvbGUiOiJhZG1pbiJ9fQ.'),
  origin: fc.constantFrom(undefined, 'https://chat.example.com', 'null'),
});
type FuzzRequest = typeof request extends fc.Arbitrary<infer T> ? T : never;

function headersOf(r: FuzzRequest): Record<string, string> {
  const headers: Record<string, string> = {};
  if (r.contentType && r.body !== undefined) headers['content-type'] = r.contentType;
  if (r.authorization) headers.authorization = r.authorization;
  if (r.origin) headers.origin = r.origin;
  return headers;
}

function isErrorBody(text: string): boolean {
  try {
    return (JSON.parse(text) as { status?: unknown }).status === 'failure';
  } catch {
    return false;
  }
}

describe('fuzzing the server', () => {
  let open: ColloquyServer;
  let guarded: ColloquyServer;
  let url: string;
  beforeAll(async () => {
    const common = { model: { assistant: testAssistant({ channels: [{ name: 'rest', options: {} }] }), modelId: 'm' }, enableApi: true, bodyLimitBytes: 4096, logger: pino({ level: 'silent' }), cors: ['https://chat.example.com'] };
    open = await createServer({ ...common, runtime: fakeRuntime({ controlWords: false }), reloadModel: async () => Promise.reject(new Error('no models here')) });
    guarded = await createServer({ ...common, runtime: fakeRuntime({ controlWords: false }), authToken: 'secret', jwtSecret: 'jwt-secret-of-some-length', host: '127.0.0.1', port: 0 });
    url = await guarded.listen();
  });
  afterAll(async () => {
    await open.close();
    await guarded.close();
  });

  it('answers 10,000 random requests without a 5xx and keeps serving', async () => {
    const requests = fc.sample(request, { numRuns: 10_000, seed: 20_240_601 });
    const failures: string[] = [];
    const statuses = new Map<number, number>();
    const send = async (r: FuzzRequest, i: number) => {
      const server = i % 2 === 0 ? open : guarded;
      const res = await server.app.inject({ method: r.method, url: r.path + r.query, headers: headersOf(r), ...(r.body !== undefined ? { payload: r.body } : {}) });
      statuses.set(res.statusCode, (statuses.get(res.statusCode) ?? 0) + 1);
      if (res.statusCode >= 500) failures.push(`${res.statusCode} ${r.method} ${r.path}${r.query} ${String(r.body).slice(0, 80)} → ${res.body.slice(0, 200)}`);
      else if (res.statusCode >= 400 && r.method !== 'HEAD' && !isErrorBody(res.body)) failures.push(`non-JSON error ${res.statusCode} ${r.method} ${r.path} ${res.body.slice(0, 80)}`);
    };
    for (let i = 0; i < requests.length; i += 50) {
      await Promise.all(requests.slice(i, i + 50).map((r, j) => send(r, i + j)));
    }
    expect(failures.slice(0, 10)).toEqual([]);
    // The fuzzer reached real work, not only 404s.
    expect(statuses.get(200) ?? 0).toBeGreaterThan(1000);
    expect(statuses.get(400) ?? 0).toBeGreaterThan(500);
    expect((await open.app.inject('/')).statusCode).toBe(200);
    expect((await open.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'z', message: 'hi' } })).json()).toEqual([{ recipient_id: 'z', text: 'echo: hi' }]);
  });

  it('answers a sample over real HTTP without a 5xx', async () => {
    const requests = fc.sample(request, { numRuns: 200, seed: 7 });
    const failures: string[] = [];
    await Promise.all(
      requests.map(async (r) => {
        const hasBody = r.body !== undefined && r.method !== 'GET' && r.method !== 'HEAD';
        const res = await fetch(url + r.path + r.query, { method: r.method, headers: headersOf({ ...r, body: hasBody ? r.body : undefined }), ...(hasBody ? { body: r.body } : {}) });
        await res.arrayBuffer();
        if (res.status >= 500) failures.push(`${res.status} ${r.method} ${r.path}${r.query}`);
      }),
    );
    expect(failures).toEqual([]);
    expect((await fetch(`${url}/health`)).status).toBe(200);
  });
});
