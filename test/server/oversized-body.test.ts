/**
 * Bodies over the limit over a real socket: the client can read the 413 whatever way it sends the
 * body, the connection stays usable, and only uploads past the drain bound get a closed connection.
 */
import { request as httpRequest, Agent } from 'node:http';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { DRAIN_LIMIT_BYTES } from '../../src/server/oversized-body.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

const LIMIT = 4096;

interface Answer {
  readonly status: number;
  readonly body: string;
  readonly connection: string | undefined;
}

function post(url: string, body: Buffer, options: { chunked?: boolean; agent?: Agent } = {}): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${url}/webhooks/rest/webhook`, {
      method: 'POST',
      agent: options.agent,
      headers: { 'content-type': 'application/json', ...(options.chunked ? { 'transfer-encoding': 'chunked' } : { 'content-length': body.length }) },
    });
    req.on('response', (res) => {
      let text = '';
      res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
    });
    req.on('error', reject);
    // Write in slices, as a client streaming an upload would.
    for (let offset = 0; offset < body.length; offset += 64 * 1024) req.write(body.subarray(offset, offset + 64 * 1024));
    req.end();
  });
}

describe('oversized request bodies', () => {
  let server: ColloquyServer;
  let url: string;

  beforeAll(async () => {
    server = await createServer({
      runtime: fakeRuntime(),
      model: { assistant: testAssistant(), modelId: 'm' },
      bodyLimitBytes: LIMIT,
      port: 0,
      host: '127.0.0.1',
      logger: pino({ level: 'silent' }),
    });
    url = await server.listen();
  });
  afterAll(() => server.close());

  const oversized = (bytes: number) => Buffer.from(JSON.stringify({ sender: 's', message: 'x'.repeat(bytes) }));

  it.each([
    ['with a content-length', false],
    ['chunked', true],
  ])('answers a readable JSON 413 %s and keeps the connection', async (_name, chunked) => {
    const agent = new Agent({ keepAlive: true, maxSockets: 1 });
    const first = await post(url, oversized(2 * 1024 * 1024), { chunked, agent });
    expect(first.status).toBe(413);
    expect(JSON.parse(first.body)).toMatchObject({ status: 'failure', reason: 'PayloadTooLarge', code: 413 });
    expect(first.connection).not.toBe('close');
    const next = await post(url, Buffer.from(JSON.stringify({ sender: 's', message: 'hi' })), { agent });
    expect(next.status).toBe(200);
    agent.destroy();
  });

  it('answers at once and closes the connection for a declared upload past the drain bound', async () => {
    const started = Date.now();
    const declared = DRAIN_LIMIT_BYTES + 1;
    const answer = await new Promise<Answer>((resolve, reject) => {
      const req = httpRequest(`${url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': declared } });
      req.on('response', (res) => {
        let text = '';
        res.setEncoding('utf8').on('data', (chunk: string) => (text += chunk)).on('end', () => resolve({ status: res.statusCode ?? 0, body: text, connection: res.headers.connection }));
      });
      req.on('error', reject);
      req.write('{"sender":"s","message":"');
    });
    expect(answer).toMatchObject({ status: 413, connection: 'close' });
    expect(Date.now() - started).toBeLessThan(5_000);
    expect((await post(url, Buffer.from(JSON.stringify({ sender: 's', message: 'hi' })))).status).toBe(200);
  });
});
