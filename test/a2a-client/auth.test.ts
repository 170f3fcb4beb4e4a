/**
 * Credentials against a real agent that checks them: api_key (default and custom header),
 * pre-issued token, OAuth client credentials from a token endpoint served on 127.0.0.1 (cached,
 * refreshed before expiry and after a 401), and clear errors when the agent refuses.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import type { ClientAuth } from '../../src/core/assistant.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { startPeer, type Peer } from './peers.ts';

let p: Peer;
let issued = 0;
/** Tokens the agent accepts; the token endpoint adds to it. */
const valid = new Set<string>(['pre-issued-secret']);
const tokenRequests: Record<string, string>[] = [];

beforeAll(async () => {
  p = await startPeer({
    script: (_input, emit) => emit.message('authorized'),
    guard(req) {
      const h = req.headers;
      if (h['x-api-key'] === 'k-123') return undefined;
      if (h.authorization === 'ApiKey k-456') return undefined;
      const bearer = typeof h.authorization === 'string' ? h.authorization.replace(/^Bearer /, '') : '';
      return valid.has(bearer) ? undefined : 401;
    },
    routes(app) {
      app.post('/oauth/token', (req, res) => {
        const form = req.body as Record<string, string>;
        tokenRequests.push(form);
        if (form.client_id !== 'colloquy' || form.client_secret !== 's3cret' || form.grant_type !== 'client_credentials') return res.status(401).json({ error: 'invalid_client' });
        const token = `tok-${++issued}`;
        valid.add(token);
        res.json({ access_token: token, token_type: 'Bearer', expires_in: 3600 });
      });
    },
  });
});
afterAll(async () => p.close());

const run = (auth: ClientAuth | undefined, agent = 'shop') => {
  const client = createA2aAgentClient(a2aAssistant([a2aAgent(agent, p.cardUrl, auth ? { auth } : {})]));
  return { client, out: client.run(agent, agentInput('hi'), turn()) };
};

describe('A2A client credentials', () => {
  it('api_key with a custom header and format', async () => {
    const { out } = run({ type: 'api_key', apiKey: 'k-123', headerName: 'X-API-Key', headerFormat: '{key}' });
    expect(await out).toMatchObject({ status: 'input_required', response_message: 'authorized' });
  });

  it('api_key in Authorization with a format', async () => {
    const { out } = run({ type: 'api_key', apiKey: 'k-456', headerName: 'Authorization', headerFormat: 'ApiKey {key}' });
    expect((await out).status).toBe('input_required');
  });

  it('a pre-issued token as Bearer', async () => {
    const { out } = run({ type: 'token', token: 'pre-issued-secret' });
    expect((await out).status).toBe('input_required');
  });

  it('OAuth client credentials: one token for many turns, sent with scope and audience', async () => {
    tokenRequests.length = 0;
    const client = createA2aAgentClient(
      a2aAssistant([a2aAgent('shop', p.cardUrl, { auth: { type: 'oauth', clientId: 'colloquy', clientSecret: 's3cret', tokenUrl: `${p.url}/oauth/token`, scope: 'cars:read', audience: 'dealer-api' } })]),
    );
    for (let i = 0; i < 3; i++) expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    expect(tokenRequests).toEqual([{ grant_type: 'client_credentials', client_id: 'colloquy', client_secret: 's3cret', scope: 'cars:read', audience: 'dealer-api' }]);
  });

  it('OAuth: a token the agent no longer accepts is replaced once', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { auth: { type: 'oauth', clientId: 'colloquy', clientSecret: 's3cret', tokenUrl: `${p.url}/oauth/token` } })]));
    expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    const before = issued;
    valid.delete(`tok-${before}`);
    expect((await client.run('shop', agentInput('hi'), turn())).status).toBe('input_required');
    expect(issued).toBe(before + 1);
  });

  it('OAuth: a refused client secret is a fatal_error naming the token endpoint', async () => {
    const { out } = run({ type: 'oauth', clientId: 'colloquy', clientSecret: 'wrong', tokenUrl: `${p.url}/oauth/token` });
    const result = await out;
    expect(result.status).toBe('fatal_error');
    expect(result.error_message).toMatch(/token endpoint .*\/oauth\/token answered HTTP 401/);
  });

  it('wrong or missing credentials end the turn with a clear auth error', async () => {
    const wrong = await run({ type: 'token', token: 'nope' }).out;
    expect(wrong).toMatchObject({ status: 'fatal_error', error_message: expect.stringMatching(/rejected the configured token credentials: HTTP 401/) });
    const none = await run(undefined).out;
    expect(none.error_message).toMatch(/requires credentials \(set configuration.auth\)/);
  });
});
