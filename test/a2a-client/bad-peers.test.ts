/**
 * Bad peers: invalid cards, a card URL that never answers, oversized and malformed responses,
 * agents that hang or are down. Each ends in a clear error within bounded time; nothing throws.
 */
import { mkdtempSync, writeFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { A2aHealthCheckError, createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { cardJson, pause, startPeer, type Peer } from './peers.ts';

const root = mkdtempSync(join(tmpdir(), 'a2a-bad-'));
let raw: Server;
let rawUrl = '';
let stuck: Peer;
const sockets = new Set<Socket>();

/** Misbehaves by path: /hang never answers, /huge sends 200 KB, /garbage sends non-JSON. */
beforeAll(async () => {
  raw = createServer((req, res) => {
    if (req.url?.startsWith('/hang')) return;
    if (req.url?.startsWith('/huge')) {
      res.setHeader('content-type', 'application/json');
      return res.end(JSON.stringify({ jsonrpc: '2.0', id: 1, result: { message: { messageId: 'm', role: 'ROLE_AGENT', parts: [{ text: 'x'.repeat(200_000) }] } } }));
    }
    if (req.url?.startsWith('/garbage')) {
      res.setHeader('content-type', 'application/json');
      return res.end('{"jsonrpc": "2.0", "result": {oops');
    }
    res.statusCode = 404;
    res.end();
  });
  raw.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((r) => raw.listen(0, '127.0.0.1', r));
  rawUrl = `http://127.0.0.1:${(raw.address() as AddressInfo).port}`;
  stuck = await startPeer({
    streaming: true,
    script: async (input, emit) => {
      emit.task('working');
      await pause(60_000, input.signal);
    },
  });
});
afterAll(async () => {
  for (const s of sockets) s.destroy();
  await new Promise((r) => raw.close(r));
  await stuck.close();
});

function cardFile(name: string, content: unknown): string {
  writeFileSync(join(root, name), typeof content === 'string' ? content : JSON.stringify(content));
  return name;
}

function rawCard(path: string): Record<string, unknown> {
  return { name: 'bad', supportedInterfaces: [{ url: `${rawUrl}${path}`, protocolBinding: 'JSONRPC', protocolVersion: '1.0' }], capabilities: {} };
}

const limits = { cardTimeoutMs: 300, maxResponseBytes: 100_000 };

async function outcome(card: string, overrides: Parameters<typeof a2aAgent>[2] = {}) {
  const client = createA2aAgentClient(a2aAssistant([a2aAgent('bad', card, { timeout: 0.5, ...overrides })], root), { limits, retryBaseDelayMs: 10 });
  const started = Date.now();
  const out = await client.run('bad', agentInput('hi'), turn());
  return { out, ms: Date.now() - started, client };
}

describe('bad agent cards', () => {
  it.each([
    ['not JSON', '{"name": ', /is not JSON/],
    ['no interfaces', { name: 'x', description: 'y' }, /is not a valid A2A agent card .*'supportedInterfaces' \(v1.0\) or 'url' \(v0.3\)/],
    ['unknown transport only', { name: 'x', supportedInterfaces: [{ url: 'ws://127.0.0.1:50051', protocolBinding: 'WEBSOCKET', protocolVersion: '1.0' }] }, /offers no transport colloquy supports \(offered: WEBSOCKET; supported: JSONRPC, HTTP\+JSON, GRPC\)/],
    ['gRPC url that is not an address', { name: 'x', supportedInterfaces: [{ url: 'ftp://x', protocolBinding: 'GRPC', protocolVersion: '1.0' }] }, /GRPC interface url 'ftp:\/\/x' is not host:port or a grpc\(s\)\/http\(s\) URL/],
  ])('%s → fatal_error with the reason', async (_name, content, reason) => {
    const { out } = await outcome(cardFile(`${_name}.json`, content));
    expect(out.status).toBe('fatal_error');
    expect(out.error_message).toMatch(reason);
  });

  it('a missing card file is named', async () => {
    expect((await outcome('sub_agents/none/card.json')).out.error_message).toMatch(/agent card file .*sub_agents\/none\/card.json does not exist/);
  });

  it('a card URL that never answers times out', async () => {
    const { out, ms } = await outcome(`${rawUrl}/hang/card.json`);
    expect(out.error_message).toMatch(/cannot load the agent card from .*\/hang\/card.json: no answer .* within 300 ms/);
    expect(ms).toBeLessThan(2000);
  });

  it('an oversized card is refused', async () => {
    const { out } = await outcome(cardFile('big.json', { ...cardJson('http://127.0.0.1:1', {}), padding: 'x'.repeat(2_000_000) }));
    expect(out.error_message).toMatch(/larger than 1048576 bytes/);
  });
});

describe('bad agent responses', () => {
  it('an oversized response is refused', async () => {
    const { out } = await outcome(cardFile('huge.json', rawCard('/huge')));
    expect(out.error_message).toMatch(/larger than 100000 bytes/);
  });

  it('a malformed response is reported', async () => {
    const { out } = await outcome(cardFile('garbage.json', rawCard('/garbage')));
    expect(out.status).toBe('fatal_error');
    expect(out.error_message).toMatch(/malformed JSON|JSON/);
  });

  it('an agent that does not answer times out after configuration.timeout', async () => {
    const { out, ms } = await outcome(cardFile('hang.json', rawCard('/hang')));
    expect(out.error_message).toMatch(/no answer from .*\/hang within 500 ms/);
    expect(ms).toBeLessThan(2500);
  });

  it('an agent that is down is retried, then reported', async () => {
    const gone = await startPeer({ script: (_i, emit) => emit.message('never') });
    await gone.close();
    const attempts: string[] = [];
    const countingFetch: typeof fetch = (input, init) => {
      attempts.push(String(input));
      return fetch(input, init);
    };
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('bad', cardFile('down.json', cardJson(gone.url, {})), { maxRetries: 2 })], root), { fetch: countingFetch, retryBaseDelayMs: 10 });
    const out = await client.run('bad', agentInput('hi'), turn());
    expect(out.error_message).toMatch(/cannot reach the agent \(ECONNREFUSED\)/);
    expect(attempts).toHaveLength(3);
  });

  it('a stream that never finishes ends at max_polling_time and the task is cancelled', async () => {
    const { out, ms } = await outcome(stuck.cardUrl, { maxPollingTime: 0.3, timeout: 5 });
    expect(out.error_message).toMatch(/did not finish within max_polling_time \(0.3 s\)/);
    expect(ms).toBeLessThan(2000);
    await expect.poll(() => stuck.cancelled.size).toBe(1);
  });
});

describe('checkAgents', () => {
  it('reports healthy and unhealthy agents without throwing', async () => {
    const good = await startPeer({ script: (_i, emit) => emit.message('hello back') });
    try {
      const client = createA2aAgentClient(a2aAssistant([a2aAgent('good', good.cardUrl), a2aAgent('down', `${rawUrl}/hang/card.json`)], root), { limits });
      const report = await client.checkAgents();
      expect(report.ok).toBe(false);
      expect(report.agents.find((a) => a.agentId === 'good')).toMatchObject({ ok: true, transport: 'JSONRPC', protocolVersion: '1.0', streaming: false });
      expect(report.agents.find((a) => a.agentId === 'down')).toMatchObject({ ok: false, error: expect.stringMatching(/within 300 ms/) });
      expect(good.requests.some((r) => r.method === 'SendMessage')).toBe(true);
    } finally {
      await good.close();
    }
  });

  it('rejects when configured to fail on unhealthy agents', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('broken', cardFile('broken.json', '{}'))], root), { healthCheck: { failOnError: true } });
    await expect(client.checkAgents()).rejects.toThrow(A2aHealthCheckError);
    await expect(client.checkAgents()).rejects.toThrow(/broken \(.*is not a valid A2A agent card/);
  });
});
