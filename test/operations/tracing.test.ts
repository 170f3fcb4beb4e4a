/**
 * Acceptance: a real `colloquy run` with `tracing: {type: otlp}` exports a span per turn to an
 * OTLP/HTTP receiver, with children for understanding and the custom action; the incoming
 * `traceparent` is the turn's parent, and the action server's request carries the action span's
 * trace context.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startColloquy, tempStarterProject, type ColloquyProcess } from '../serving/colloquy-process.ts';
import { startOtlpReceiver, type ReceivedSpan } from './otlp-receiver.ts';

const FIXTURES = new URL('./fixtures/', import.meta.url).pathname;
const TRACE_ID = '4bf92f3577b34da6a3ce929d0e0e4736';
const CALLER_SPAN = '00f067aa0ba902b7';

/** An action server answering `action_check_balance`, recording the `traceparent` of each call. */
async function startActionServer() {
  const traceparents: string[] = [];
  const server: Server = createServer((request, response) => {
    traceparents.push(String(request.headers.traceparent ?? ''));
    request.resume().on('end', () => {
      response.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: [{ event: 'slot', name: 'balance', value: 1234 }], responses: [] }));
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, traceparents, close: () => new Promise<void>((r) => server.close(() => r())) };
}

describe('tracing (OTLP/HTTP)', () => {
  const project = tempStarterProject();
  let receiver: Awaited<ReturnType<typeof startOtlpReceiver>>;
  let actions: Awaited<ReturnType<typeof startActionServer>>;
  let server: ColloquyProcess;

  beforeAll(async () => {
    receiver = await startOtlpReceiver();
    actions = await startActionServer();
    server = await startColloquy({ project: project.dir, endpoints: `${FIXTURES}tracing-endpoints.yml`, env: { ACTION_URL: actions.url, OTLP_URL: receiver.url } });
  }, 60_000);
  afterAll(async () => {
    await server?.stop();
    await actions?.close();
    await receiver?.close();
    project.remove();
  });

  it('exports the span tree of a turn with a custom action, continuing the caller’s trace', async () => {
    const response = await fetch(`${server.url}/webhooks/rest/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', traceparent: `00-${TRACE_ID}-${CALLER_SPAN}-01` },
      body: JSON.stringify({ sender: 'traced-user', message: 'what is my balance' }),
    });
    expect(((await response.json()) as { text: string }[])[0]!.text).toBe('Your balance is $1234.');

    const inTrace = () => receiver.spans.filter((s) => s.traceId === TRACE_ID);
    const deadline = Date.now() + 20_000;
    while (!inTrace().some((s) => s.name === 'colloquy.turn') && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));

    const spans = inTrace();
    const one = (name: string): ReceivedSpan => {
      const found = spans.filter((s) => s.name === name);
      expect(found, `${name} in ${spans.map((s) => s.name).join(', ')}`).toHaveLength(1);
      return found[0]!;
    };
    const turn = one('colloquy.turn');
    expect(turn.parentSpanId).toBe(CALLER_SPAN);
    expect(turn.service).toBe('colloquy-tracing-test');
    expect(turn.attributes).toMatchObject({ 'colloquy.sender_id': 'traced-user', 'colloquy.channel': 'rest' });
    expect(one('colloquy.understand').parentSpanId).toBe(turn.spanId);
    const action = one('colloquy.action action_check_balance');
    expect(action.parentSpanId).toBe(turn.spanId);
    expect(action.attributes['colloquy.action.name']).toBe('action_check_balance');
    // The action server was called inside the action span: same trace, the action span as parent.
    expect(actions.traceparents).toEqual([`00-${TRACE_ID}-${action.spanId}-01`]);
  });

  it('starts a new trace for a request without traceparent (nothing carried over from an earlier request)', async () => {
    const before = new Set(receiver.spans.map((s) => s.spanId));
    const response = await fetch(`${server.url}/webhooks/rest/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender: 'untraced-user', message: 'what is my balance' }),
    });
    expect(response.status).toBe(200);
    const fresh = () => receiver.spans.filter((s) => !before.has(s.spanId) && s.name === 'colloquy.turn');
    const deadline = Date.now() + 20_000;
    while (fresh().length === 0 && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    const [turn] = fresh();
    expect(turn?.attributes['colloquy.sender_id']).toBe('untraced-user');
    expect(turn?.traceId).not.toBe(TRACE_ID);
    expect(turn?.parentSpanId ?? '').toBe('');
  });
});
