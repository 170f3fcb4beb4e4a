import { SignJWT, exportSPKI, generateKeyPair } from 'jose';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import type { ServerOptions } from '../../src/server/server-options.ts';
import { fakeRuntime, testAssistant } from './fake-runtime.ts';

const SECRET = 'a-long-test-secret-of-enough-length';

function serverWith(options: Partial<ServerOptions>): Promise<ColloquyServer> {
  return createServer({
    runtime: fakeRuntime(),
    model: { assistant: testAssistant(), modelId: 'm' },
    enableApi: true,
    logger: pino({ level: 'silent' }),
    ...options,
  });
}

async function hsToken(user: Record<string, unknown> | undefined, expiresIn = '1h', secret = SECRET): Promise<string> {
  return new SignJWT(user ? { user } : {}).setProtectedHeader({ alg: 'HS256' }).setIssuedAt().setExpirationTime(expiresIn).sign(new TextEncoder().encode(secret));
}

describe('API auth with a token and an HS256 JWT secret', () => {
  let server: ColloquyServer;
  beforeAll(async () => {
    server = await serverWith({ authToken: 'tok3n', jwtSecret: SECRET });
  });
  afterAll(() => server.close());

  const get = (url: string, authorization?: string) => server.app.inject({ method: 'GET', url, headers: authorization ? { authorization } : {} });

  it('refuses missing and wrong tokens with 401', async () => {
    for (const res of [await get('/conversations/a/tracker'), await get('/conversations/a/tracker?token=wrong'), await get('/domain?token=tok3')]) {
      expect(res.statusCode).toBe(401);
      expect(res.json()).toMatchObject({ reason: 'NotAuthenticated', message: 'User is not authenticated.', code: 401 });
    }
  });

  it('accepts the auth token in the query', async () => {
    expect((await get('/conversations/a/tracker?token=tok3n')).statusCode).toBe(200);
    expect((await get('/status?token=tok3n')).statusCode).toBe(200);
  });

  it('protects /status but not /, /version or the health probes', async () => {
    expect((await get('/status')).statusCode).toBe(401);
    for (const url of ['/', '/version', '/health', '/health/ready']) expect((await get(url)).statusCode).toBe(200);
  });

  it('accepts a valid admin JWT', async () => {
    const res = await get('/conversations/a/tracker', `Bearer ${await hsToken({ username: 'ops', role: 'admin' })}`);
    expect(res.statusCode).toBe(200);
  });

  it('lets a user JWT read only its own conversation', async () => {
    const token = `Bearer ${await hsToken({ username: 'alice', role: 'user' })}`;
    expect((await get('/conversations/alice/tracker', token)).statusCode).toBe(200);
    const other = await get('/conversations/bob/tracker', token);
    expect(other.statusCode).toBe(403);
    expect(other.json().reason).toBe('NotAuthorized');
    expect((await get('/domain', token)).statusCode).toBe(403);
  });

  it('refuses expired, badly signed, malformed and scope-less JWTs', async () => {
    const expired = await new SignJWT({ user: { username: 'ops', role: 'admin' } })
      .setProtectedHeader({ alg: 'HS256' })
      .setExpirationTime(Math.floor(Date.now() / 1000) - 60)
      .sign(new TextEncoder().encode(SECRET));
    expect((await get('/domain', `Bearer ${expired}`)).statusCode).toBe(401);
    expect((await get('/domain', `Bearer ${await hsToken({ role: 'admin' }, '1h', 'another-secret-entirely-xxxxxxxx')}`)).statusCode).toBe(401);
    expect((await get('/domain', 'Bearer not.a.jwt')).statusCode).toBe(401);
    expect((await get('/domain', `Basic ${Buffer.from('a:b').toString('base64')}`)).statusCode).toBe(401);
    expect((await get('/domain', `Bearer ${await hsToken(undefined)}`)).statusCode).toBe(403);
  });

  it('checks auth before reading the body', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/conversations/a/messages', payload: '{broken', headers: { 'content-type': 'application/json' } });
    expect(res.statusCode).toBe(401);
  });

  it('leaves channel webhooks open', async () => {
    const res = await server.app.inject({ method: 'POST', url: '/webhooks/rest/webhook', payload: { sender: 'u', message: 'hi' } });
    expect(res.statusCode).toBe(200);
  });
});

describe('API auth with an RS256 public key', () => {
  it('verifies tokens signed by the private key and rejects HS256 ones', async () => {
    const { publicKey, privateKey } = await generateKeyPair('RS256');
    const server = await serverWith({ jwtSecret: await exportSPKI(publicKey), jwtMethod: 'RS256' });
    try {
      const rs = await new SignJWT({ user: { username: 'ops', role: 'admin' } }).setProtectedHeader({ alg: 'RS256' }).setExpirationTime('1h').sign(privateKey);
      expect((await server.app.inject({ url: '/domain', headers: { authorization: `Bearer ${rs}` } })).statusCode).toBe(200);
      const hs = await hsToken({ username: 'ops', role: 'admin' });
      expect((await server.app.inject({ url: '/domain', headers: { authorization: `Bearer ${hs}` } })).statusCode).toBe(401);
    } finally {
      await server.close();
    }
  });

  it('fails at startup when the key is not a PEM public key', async () => {
    await expect(serverWith({ jwtSecret: 'not a key', jwtMethod: 'RS256' })).rejects.toThrow(/PEM public key/);
  });
});
