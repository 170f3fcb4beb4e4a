/**
 * The A2A client over gRPC against real `@a2a-js/sdk` gRPC agents on 127.0.0.1: Message replies,
 * a streamed task to completion with slots, polling, credentials as call metadata, v0.3 cards,
 * the card's order of preference between gRPC and JSON-RPC, and a peer that is down.
 */
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotMessage } from '../../src/core/events.ts';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { pause, startPeer, type Peer, type PeerOptions, type Script } from './peers.ts';

const echo: Script = (input, emit) => emit.message(`you said: ${input.text}`);

const carSearch: Script = async (input, emit) => {
  if (!input.existing) {
    emit.task('input-required', 'Which model are you looking for?');
    return;
  }
  emit.task('working', 'Searching dealers…');
  await pause(40, input.signal);
  emit.status('working', 'Found 3 dealers, comparing prices…');
  await pause(40, input.signal);
  emit.artifact('offer', [{ text: `Best offer for ${input.text}: 21,500 EUR` }, { data: { car_model: input.text, order_id: 'ORD-7' } }]);
  emit.status('completed', 'Done.');
};

const peers: Peer[] = [];
async function peer(options: PeerOptions): Promise<Peer> {
  const p = await startPeer(options);
  peers.push(p);
  return p;
}
afterAll(async () => Promise.all(peers.map((p) => p.close())));

const grpcCalls = (p: Peer) => p.requests.filter((r) => r.path.includes('A2AService/'));

describe('gRPC agents', () => {
  let p: Peer;
  beforeAll(async () => (p = await peer({ script: echo, transports: ['GRPC'] })));

  it('a gRPC-only card is served over gRPC: Message replies → input_required, context kept', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const report = await client.checkAgents();
    expect(report.agents[0]).toMatchObject({ ok: true, transport: 'GRPC', protocolVersion: '1.0', url: expect.stringMatching(/^127\.0\.0\.1:\d+$/) });
    const first = await client.run('shop', agentInput('hi'), turn());
    expect(first).toMatchObject({ status: 'input_required', response_message: 'you said: USER: hi' });
    const contextId = first.metadata?.context_id;
    const second = await client.run('shop', agentInput('a red one', { context_id: contextId }), turn({ context_id: contextId }));
    expect(second).toMatchObject({ status: 'input_required', response_message: 'you said: a red one', metadata: { context_id: contextId } });
    expect(grpcCalls(p).map((r) => r.path)).toContain('/lf.a2a.v1.A2AService/SendMessage');
    expect(grpcCalls(p).every((r) => r.headers['a2a-version'] === '1.0')).toBe(true);
    await client.close();
  });

  it('a v0.3 card with preferredTransport GRPC gets the v0.3 gRPC service', async () => {
    const old = await peer({ script: echo, transports: ['GRPC'], protocol: '0.3' });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('old', old.cardUrl)]));
    const out = await client.run('old', agentInput('x'), turn());
    expect(out).toMatchObject({ status: 'input_required', response_message: 'you said: USER: x' });
    expect(grpcCalls(old).map((r) => r.path)).toEqual(['/a2a.v1.A2AService/SendMessage']);
  });
});

describe.each([
  ['streaming', true],
  ['polling', false],
] as const)('a long task over gRPC (%s)', (_mode, streaming) => {
  let p: Peer;
  beforeAll(async () => (p = await peer({ script: carSearch, streaming, transports: ['GRPC'] })));

  it('runs to completion with progress messages and slots', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const first = await client.run('shop', agentInput('I want a car'), turn());
    expect(first).toMatchObject({ status: 'input_required', response_message: 'Which model are you looking for?' });
    const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
    const interim: BotMessage[] = [];
    const done = await client.run('shop', agentInput('Model 3', ids), turn(ids, { onInterim: (m) => interim.push(m) }));
    expect(done).toMatchObject({ status: 'completed', response_message: 'Done.\nBest offer for Model 3: 21,500 EUR', slots: { car_model: 'Model 3', order_id: 'ORD-7' } });
    expect(interim.map((m) => m.text)).toEqual(['Searching dealers…', 'Found 3 dealers, comparing prices…']);
    expect(grpcCalls(p).map((r) => r.method)).toContain(streaming ? 'SendStreamingMessage' : 'GetTask');
    await client.close();
  });
});

describe('credentials as gRPC metadata', () => {
  let p: Peer;
  beforeAll(async () => {
    p = await peer({
      script: (_input, emit) => emit.message('authorized'),
      transports: ['GRPC'],
      guard: (req) => (req.headers['x-api-key'] === 'k-123' || req.headers.authorization === 'Bearer pre-issued' ? undefined : 401),
    });
  });

  it('api_key and token are sent with every call', async () => {
    const client = createA2aAgentClient(
      a2aAssistant([
        a2aAgent('key', p.cardUrl, { auth: { type: 'api_key', apiKey: 'k-123', headerName: 'X-API-Key', headerFormat: '{key}' } }),
        a2aAgent('token', p.cardUrl, { auth: { type: 'token', token: 'pre-issued' } }),
      ]),
    );
    expect(await client.run('key', agentInput('hi'), turn())).toMatchObject({ status: 'input_required', response_message: 'authorized' });
    expect(await client.run('token', agentInput('hi'), turn())).toMatchObject({ status: 'input_required', response_message: 'authorized' });
    expect(grpcCalls(p).some((r) => r.headers['x-api-key'] === 'k-123')).toBe(true);
  });

  it('refused credentials end the turn with a clear reason', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('bad', p.cardUrl, { auth: { type: 'token', token: 'wrong' } })]));
    const out = await client.run('bad', agentInput('hi'), turn());
    expect(out.status).toBe('fatal_error');
    expect(out.error_message).toMatch(/the agent rejected the configured token credentials: gRPC UNAUTHENTICATED/);
  });
});

describe('OAuth over gRPC', () => {
  let p: Peer;
  const valid = new Set<string>();
  let issued = 0;
  beforeAll(async () => {
    p = await peer({
      script: (_input, emit) => emit.message('authorized'),
      transports: ['GRPC'],
      guard: (req) => (valid.has(String(req.headers.authorization).replace(/^Bearer /, '')) ? undefined : 401),
      routes(app) {
        app.post('/oauth/token', (_req, res) => {
          const token = `tok-${++issued}`;
          valid.add(token);
          res.json({ access_token: token, expires_in: 3600 });
        });
      },
    });
  });

  it('sends the token as metadata, reuses it, and after the agent rejects it fetches a new one and replays the call once', async () => {
    const auth = { type: 'oauth', clientId: 'colloquy', clientSecret: 's3cret', tokenUrl: `${p.url}/oauth/token` } as const;
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { auth })]));
    for (let i = 0; i < 2; i++) expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    expect(issued).toBe(1);
    valid.clear();
    // As over HTTP: the rejected call is replayed with a fresh token, and the turn goes on.
    expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    expect(issued).toBe(2);
    expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    expect(issued).toBe(2);
  });

  it('a token endpoint that fails is named, not blamed on the agent', async () => {
    const auth = { type: 'oauth', clientId: 'colloquy', clientSecret: 's3cret', tokenUrl: `${p.url}/oauth/missing` } as const;
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { auth })]));
    const out = await client.run('shop', agentInput('hi'), turn());
    expect(out.error_message).toMatch(/cannot get credentials: token endpoint .*\/oauth\/missing answered HTTP 404/);
    expect(out.error_message).not.toMatch(/rejected/);
  });
});

describe('timeouts', () => {
  it('a call the agent never answers ends at the request timeout', async () => {
    const hung = await peer({ script: (input) => pause(60_000, input.signal), transports: ['GRPC'] });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('hung', hung.cardUrl, { timeout: 0.3, maxRetries: 0 })]));
    const started = Date.now();
    const out = await client.run('hung', agentInput('hi'), turn());
    expect(out.error_message).toMatch(/no answer from 127\.0\.0\.1:\d+ within 300 ms/);
    expect(Date.now() - started).toBeLessThan(2000);
  });
});

describe("the card's order of preference", () => {
  it.each([
    [['GRPC', 'JSONRPC'], 'GRPC'],
    [['JSONRPC', 'GRPC'], 'JSONRPC'],
  ] as const)('%j → %s', async (transports, expected) => {
    const p = await peer({ script: echo, transports });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    expect((await client.run('shop', agentInput('x'), turn())).status).toBe('input_required');
    expect((await client.checkAgents()).agents[0]?.transport).toBe(expected);
    const overGrpc = grpcCalls(p).length > 0;
    const overJsonRpc = p.requests.some((r) => r.path === '/a2a/jsonrpc');
    expect([overGrpc, overJsonRpc]).toEqual(expected === 'GRPC' ? [true, false] : [false, true]);
  });
});

describe('a gRPC agent that is down', () => {
  it('is retried, then reported with the address, in bounded time', async () => {
    const root = mkdtempSync(join(tmpdir(), 'grpc-down-'));
    // Port 1 on loopback: nothing listens there.
    writeFileSync(join(root, 'card.json'), JSON.stringify({ name: 'down', supportedInterfaces: [{ url: '127.0.0.1:1', protocolBinding: 'GRPC', protocolVersion: '1.0' }], capabilities: {} }));
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('down', 'card.json', { timeout: 1, maxRetries: 1 })], root), { retryBaseDelayMs: 10 });
    const started = Date.now();
    const out = await client.run('down', agentInput('hi'), turn());
    expect(out.status).toBe('fatal_error');
    expect(out.error_message).toMatch(/cannot reach the agent at 127\.0\.0\.1:1 \(.*ECONNREFUSED/);
    expect(Date.now() - started).toBeLessThan(5000);
  });
});
