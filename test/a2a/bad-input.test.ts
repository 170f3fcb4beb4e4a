import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, msg03, msg10, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness({ deps: { bodyLimitBytes: 64 * 1024 } });
});
afterAll(async () => h.close());

async function post(path: string, body: string, headers: Record<string, string> = { 'content-type': 'application/json' }) {
  const response = await fetch(`${h.url}${path}`, { method: 'POST', body, headers });
  const text = await response.text();
  return { status: response.status, type: response.headers.get('content-type') ?? '', json: JSON.parse(text) as Record<string, any> }; // eslint-disable-line @typescript-eslint/no-explicit-any
}

describe('malformed requests get spec error codes in JSON', () => {
  it.each([
    ['invalid JSON', '{"jsonrpc": "2.0", "method": ', -32700],
    ['a batch', '[]', -32600],
    ['a bare string', '"hi"', -32600],
    ['no jsonrpc', JSON.stringify({ id: 1, method: 'message/send', params: {} }), -32600],
    ['a non-string method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 3 }), -32600],
    ['an unknown method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/explode', params: {} }), -32601],
    ['params not an object', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'tasks/get', params: 'x' }), -32602],
    ['missing message', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: {} }), -32602],
    ['a message with no parts', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: { role: 'user', parts: [], messageId: 'x' } } }), -32602],
    ['an agent-role message', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: { ...msg03('x', 'y'), role: 'agent' } } }), -32602],
    ['v1.0 parts on a v0.3 method', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: { role: 'ROLE_USER', parts: [{ text: 'x' }], messageId: 'z' } } }), -32602],
  ])('%s', async (_name, body, code) => {
    const r = await post('/', body);
    expect(r.status).toBe(200);
    expect(r.type).toMatch(/application\/json/);
    expect(r.json.jsonrpc).toBe('2.0');
    expect(r.json.error.code).toBe(code);
  });

  it('an unsupported A2A-Version is VersionNotSupported', async () => {
    const r = await post('/', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'GetTask', params: { id: 'x' } }), { 'content-type': 'application/json', 'a2a-version': '2.0' });
    expect(r.json.error.code).toBe(-32009);
  });

  it('an oversized body is a JSON 413, not HTML', async () => {
    const r = await post('/', JSON.stringify({ jsonrpc: '2.0', id: 1, method: 'message/send', params: { message: msg03('x'.repeat(100_000), 'big') } }));
    expect(r.status).toBe(413);
    expect(r.type).toMatch(/application\/json/);
    expect(r.json.error.code).toBe(-32600);
    const rest = await post('/message:send', 'x'.repeat(100_000));
    expect(rest.status).toBe(413);
    expect(rest.json.error.code).toBe(413);
  });

  it('a body not declared as JSON is refused with 415 on both bindings; JSON with parameters and application/a2a+json are accepted', async () => {
    const body = JSON.stringify({ jsonrpc: '2.0', id: 7, method: 'tasks/get', params: { id: 'nope' } });
    const plain = await post('/', body, { 'content-type': 'text/plain' });
    expect(plain.status).toBe(415);
    expect(plain.json).toMatchObject({ error: { code: -32600 } });
    for (const type of ['application/json; charset=utf-8', 'application/a2a+json']) {
      expect((await post('/', body, { 'content-type': type })).json).toMatchObject({ id: 7, error: { code: -32001 } });
    }
    const rest = await post('/message:send', JSON.stringify({ message: msg10('hi', 'ct-1') }), { 'content-type': 'text/plain' });
    expect(rest.status).toBe(415);
    expect(rest.json).toMatchObject({ error: { code: 415, status: 'INVALID_ARGUMENT', details: [{ reason: 'UNSUPPORTED_MEDIA_TYPE' }] } });
    const a2aJson = await post('/message:send', JSON.stringify({ message: msg10('hi', 'ct-2') }), { 'content-type': 'application/a2a+json' });
    expect(a2aJson.status).toBe(200);
  });

  it('REST binding errors use the {error: {code, status, details}} shape', async () => {
    const r = await fetch(`${h.url}/tasks/missing`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ error: { code: 404, status: 'NOT_FOUND', details: [{ reason: 'TASK_NOT_FOUND' }] } });
    const bad = await post('/message:send', '{nope');
    expect(bad.status).toBe(400);
  });
});

describe('fuzz', () => {
  it('answers 10,000 random requests without a single 5xx', async () => {
    const methods = ['message/send', 'message/stream', 'tasks/get', 'tasks/cancel', 'tasks/resubscribe', 'tasks/pushNotificationConfig/set', 'SendMessage', 'GetTask', 'CancelTask', 'SubscribeToTask', 'ListTasks', 'nope'];
    const value = fc.oneof(fc.jsonValue(), fc.record({ message: fc.oneof(fc.jsonValue(), fc.record({ role: fc.constantFrom('user', 'ROLE_USER', 'agent'), parts: fc.array(fc.oneof(fc.record({ kind: fc.constant('text'), text: fc.string() }), fc.record({ text: fc.string() }), fc.jsonValue()), { maxLength: 3 }), messageId: fc.string(), metadata: fc.oneof(fc.constant(undefined), fc.record({ slots: fc.jsonValue() })) })), id: fc.string() }));
    const request = fc.oneof(
      { weight: 6, arbitrary: fc.record({ jsonrpc: fc.constantFrom('2.0', '1.0', 2), id: fc.oneof(fc.integer(), fc.string(), fc.constant(null), fc.jsonValue()), method: fc.constantFrom(...methods), params: value }).map((o) => JSON.stringify(o)) },
      { weight: 2, arbitrary: fc.string() },
      { weight: 1, arbitrary: fc.jsonValue().map((v) => JSON.stringify(v)) },
    );
    const paths = ['/', '/', '/', '/message:send', '/tasks/x:cancel', '/tasks/x/pushNotificationConfigs'];
    const samples = fc.sample(fc.tuple(request, fc.constantFrom(...paths), fc.constantFrom('1.0', '0.3', '', 'x')), { numRuns: 10_000, seed: 42 });
    let serverErrors = 0;
    const statuses = new Map<number, number>();
    for (let i = 0; i < samples.length; i += 50) {
      await Promise.all(
        samples.slice(i, i + 50).map(async ([body, path, version]) => {
          const headers: Record<string, string> = { 'content-type': 'application/json', ...(version ? { 'a2a-version': version } : {}) };
          // In-process injection: the same routing, parsing and handlers, without TCP overhead.
          const response = await h.app.inject({ method: 'POST', url: path, payload: body, headers });
          statuses.set(response.statusCode, (statuses.get(response.statusCode) ?? 0) + 1);
          if (response.statusCode >= 500) serverErrors++;
          if (!/json|event-stream/.test(String(response.headers['content-type']))) serverErrors++;
        }),
      );
    }
    expect(serverErrors).toBe(0);
    expect(statuses.get(200)).toBeGreaterThan(1000);
    expect([...statuses.keys()].every((s) => s < 500)).toBe(true);
  }, 60_000);
});
