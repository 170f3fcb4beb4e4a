import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Fastify from 'fastify';
import { SignJWT, exportJWK, exportSPKI, generateKeyPair } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, msg03, type Harness } from './harness.ts';

const ISSUER = 'https://auth.example.com';
const AUDIENCE = 'rasa-a2a-agent';
let keys: Awaited<ReturnType<typeof generateKeyPair>>;
let publicPem: string;
let h: Harness;

function token(claims: { iss?: string; aud?: string; exp?: string | number } = {}, key = keys.privateKey, alg = 'RS256') {
  return new SignJWT({ sub: 'orchestrator-1' })
    .setProtectedHeader({ alg })
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '5m')
    .sign(key);
}

function b64url(value: object) {
  return Buffer.from(JSON.stringify(value)).toString('base64url');
}

beforeAll(async () => {
  keys = await generateKeyPair('RS256', { extractable: true });
  publicPem = await exportSPKI(keys.publicKey);
  const dir = mkdtempSync(join(tmpdir(), 'a2a-jwt-'));
  writeFileSync(join(dir, 'public.pem'), publicPem);
  h = await startHarness({ config: { auth: { algorithm: 'RS256', publicKeyPath: join(dir, 'public.pem'), issuer: ISSUER, audience: AUDIENCE } } });
});
afterAll(async () => h.close());

describe('bearer JWT on the A2A routes', () => {
  it('accepts a valid RS256 token', async () => {
    const { status, body } = await h.rpc('message/send', { message: msg03('transfer', 'ok-1', 'jwt-ok') }, { authorization: `Bearer ${await token()}` });
    expect(status).toBe(200);
    expect(body.result).toBeDefined();
    expect(h.runtime.turnsOf('jwt-ok')).toHaveLength(1);
  });

  const bad: [string, () => Promise<string | undefined>][] = [
    ['missing', async () => undefined],
    ['expired', async () => `Bearer ${await token({ exp: Math.floor(Date.now() / 1000) - 60 })}`],
    ['wrong issuer', async () => `Bearer ${await token({ iss: 'https://evil.example.com' })}`],
    ['wrong audience', async () => `Bearer ${await token({ aud: 'someone-else' })}`],
    ['alg none', async () => `Bearer ${b64url({ alg: 'none', typ: 'JWT' })}.${b64url({ sub: 'x', iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999 })}.`],
    ['HS256 signed with the public key', async () => `Bearer ${await token({}, new TextEncoder().encode(publicPem) as never, 'HS256')}`],
    [
      'tampered',
      async () => {
        const [head, , sig] = (await token()).split('.');
        return `Bearer ${head}.${b64url({ sub: 'admin', iss: ISSUER, aud: AUDIENCE, exp: 9_999_999_999 })}.${sig}`;
      },
    ],
    ['not bearer', async () => `Basic ${Buffer.from('a:b').toString('base64')}`],
  ];

  it.each(bad)('%s → 401 auth-required, no turn processed', async (name, header) => {
    const value = await header();
    const contextId = `jwt-${name.replace(/\W/g, '-')}`;
    const { status, body } = await h.rpc('message/send', { message: msg03('transfer', 'm', contextId) }, value ? { authorization: value } : {});
    expect(status).toBe(401);
    expect(body).toMatchObject({ jsonrpc: '2.0', error: { code: -32031 } });
    expect(h.runtime.turnsOf(contextId)).toHaveLength(0);
  });

  it('guards the agent card and the HTTP+JSON binding too', async () => {
    expect((await fetch(`${h.url}/.well-known/agent-card.json`)).status).toBe(401);
    const authorized = await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { authorization: `Bearer ${await token()}` } });
    expect(authorized.status).toBe(200);
    expect(((await authorized.json()) as { security: unknown }).security).toEqual([{ bearer: [] }]);
    const rest = await fetch(`${h.url}/message:send`, { method: 'POST', body: JSON.stringify({ message: { role: 'ROLE_USER', parts: [{ text: 'x' }], messageId: 'r' } }) });
    expect(rest.status).toBe(401);
    expect(await rest.json()).toMatchObject({ error: { code: 401, status: 'UNAUTHENTICATED' } });
  });
});

describe('JWKS URL', () => {
  it('verifies tokens against a JWKS endpoint', async () => {
    const jwks = Fastify();
    const jwk = { ...(await exportJWK(keys.publicKey)), kid: 'k1', alg: 'RS256', use: 'sig' };
    jwks.get('/jwks.json', async () => ({ keys: [jwk] }));
    await jwks.listen({ host: '127.0.0.1', port: 0 });
    const port = (jwks.server.address() as { port: number }).port;
    const server = await startHarness({ config: { auth: { algorithm: 'RS256', jwksUrl: `http://127.0.0.1:${port}/jwks.json`, issuer: ISSUER, audience: AUDIENCE } } });
    try {
      const signed = await new SignJWT({ sub: 'o' }).setProtectedHeader({ alg: 'RS256', kid: 'k1' }).setIssuer(ISSUER).setAudience(AUDIENCE).setExpirationTime('5m').sign(keys.privateKey);
      expect((await server.rpc('message/send', { message: msg03('hi', 'j1', 'jwks') }, { authorization: `Bearer ${signed}` })).status).toBe(200);
      expect((await server.rpc('message/send', { message: msg03('hi', 'j2', 'jwks') }, { authorization: `Bearer ${signed}x` })).status).toBe(401);
    } finally {
      await server.close();
      await jwks.close();
    }
  });
});
