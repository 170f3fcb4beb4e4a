/**
 * Orchestrator JWT auth against the real runtime: `colloquy run` of examples/a2a-server with
 * endpoints.jwt.yml (RS256, public key file, issuer and audience). Valid tokens pass; every bad
 * token gets HTTP 401 on every A2A route and no turn is processed.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Message, TaskState, type AgentCard, type Task } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory } from '@a2a-js/sdk/client';
import { exportSPKI, generateKeyPair, SignJWT, type CryptoKey } from 'jose';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startLiveServer, userMessage, type Json, type LiveServer } from './live-server.ts';

const ISSUER = 'https://auth.test.example';
const AUDIENCE = 'colloquy-bank-agent';

let server: LiveServer;
let dir: string;
let privateKey: CryptoKey;
let publicPem: string;

beforeAll(async () => {
  dir = await mkdtemp(join(tmpdir(), 'a2a-jwt-'));
  const pair = await generateKeyPair('RS256', { extractable: true });
  privateKey = pair.privateKey;
  publicPem = await exportSPKI(pair.publicKey);
  const keyFile = join(dir, 'jwt_public.pem');
  await writeFile(keyFile, publicPem);
  server = await startLiveServer({ endpoints: 'endpoints.jwt.yml', env: { A2A_JWT_PUBLIC_KEY: keyFile, A2A_JWT_ISSUER: ISSUER, A2A_JWT_AUDIENCE: AUDIENCE } });
}, 30_000);
afterAll(async () => {
  await server?.close();
  await rm(dir, { recursive: true, force: true });
});

function token(claims: { iss?: string; aud?: string; exp?: number | string; sub?: string } = {}): Promise<string> {
  return new SignJWT({})
    .setProtectedHeader({ alg: 'RS256', typ: 'JWT' })
    .setSubject(claims.sub ?? 'orchestrator-1')
    .setIssuer(claims.iss ?? ISSUER)
    .setAudience(claims.aud ?? AUDIENCE)
    .setIssuedAt()
    .setExpirationTime(claims.exp ?? '5m')
    .sign(privateKey);
}

const b64 = (value: object) => Buffer.from(JSON.stringify(value)).toString('base64url');

async function badTokens(): Promise<Record<string, string | undefined>> {
  const valid = await token();
  const [header, , signature] = valid.split('.');
  const claims = { sub: 'orchestrator-1', iss: ISSUER, aud: AUDIENCE, exp: Math.floor(Date.now() / 1000) + 300 };
  return {
    missing: undefined,
    expired: await token({ exp: Math.floor(Date.now() / 1000) - 120 }),
    'wrong issuer': await token({ iss: 'https://evil.example' }),
    'wrong audience': await token({ aud: 'some-other-agent' }),
    'alg none': `${b64({ alg: 'none', typ: 'JWT' })}.${b64(claims)}.`,
    'HS256 signed with the public key': await new SignJWT(claims).setProtectedHeader({ alg: 'HS256', typ: 'JWT' }).sign(new TextEncoder().encode(publicPem)),
    tampered: `${header}.${b64({ ...claims, sub: 'admin' })}.${signature}`,
    'not a JWT': 'opaque-token',
  };
}

const bearer = (value: string | undefined): Record<string, string> => (value === undefined ? {} : { authorization: `Bearer ${value}` });

describe('a valid RS256 token', () => {
  it('is accepted on JSON-RPC, HTTP+JSON and the AgentCard', async () => {
    const headers = bearer(await token());
    const card = await fetch(`${server.url}/.well-known/agent-card.json`, { headers: { ...headers, 'A2A-Version': '1.0' } });
    expect(card.status).toBe(200);
    const rpc = await server.rpc('message/send', { message: userMessage('I want to send money', 'ok-1', 'jwt-ok') }, headers);
    expect(rpc.status).toBe(200);
    expect(rpc.body.result.status.state).toBe('input-required');
    const rest = await fetch(`${server.url}/message:send`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ message: { messageId: 'ok-2', contextId: 'jwt-ok', role: 'ROLE_USER', parts: [{ text: 'Alice' }] } }),
    });
    expect(rest.status).toBe(200);
    expect(((await rest.json()) as Json).task.status.state).toBe('TASK_STATE_INPUT_REQUIRED');
    expect(await server.userTurns('jwt-ok')).toBe(2);
  });

  it('lets the @a2a-js/sdk client finish a flow when its fetch carries the token', async () => {
    const headers = bearer(await token());
    const authFetch: typeof fetch = (input, init) => fetch(input, { ...init, headers: { ...Object.fromEntries(new Headers(init?.headers)), ...headers } });
    const card = (await (await fetch(`${server.url}/.well-known/agent-card.json`, { headers: { ...headers, 'A2A-Version': '1.0' } })).json()) as AgentCard;
    for (const transport of ['JSONRPC', 'HTTP+JSON'] as const) {
      const factory = new ClientFactory(
        ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
          transports: [new JsonRpcTransportFactory({ fetchImpl: authFetch }), new RestTransportFactory({ fetchImpl: authFetch })],
          preferredTransports: [transport],
        }),
      );
      const client = await factory.createFromAgentCard(card);
      const send = async (text: string, id: string) =>
        (await client.sendMessage({ message: Message.fromJSON({ messageId: `${transport}-${id}`, contextId: `jwt-sdk-${transport}`, role: 'ROLE_USER', parts: [{ text }] }) } as never)) as Task;
      expect((await send('send 20 to bob', '1')).status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
      expect((await send('yes', '2')).status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
    }
  });
});

describe('a bad token gets 401 and no turn runs', () => {
  it.each(['missing', 'expired', 'wrong issuer', 'wrong audience', 'alg none', 'HS256 signed with the public key', 'tampered', 'not a JWT'])('%s', async (name) => {
    const headers = bearer((await badTokens())[name]);
    const contextId = `jwt-bad-${name.replaceAll(' ', '-')}`;
    const before = await server.userTurns(contextId);

    const rpc = await server.rpc('message/send', { message: userMessage('I want to send money', `${contextId}-1`, contextId) }, headers);
    expect(rpc.status).toBe(401);
    expect(rpc.body.error).toMatchObject({ code: -32031 });
    expect(rpc.body.result).toBeUndefined();
    const v1 = await server.rpc('SendMessage', { message: { messageId: `${contextId}-2`, contextId, role: 'ROLE_USER', parts: [{ text: 'I want to send money' }] } }, { ...headers, 'A2A-Version': '1.0' });
    expect(v1.status).toBe(401);
    const rest = await fetch(`${server.url}/message:send`, {
      method: 'POST',
      headers: { ...headers, 'content-type': 'application/json', 'A2A-Version': '1.0' },
      body: JSON.stringify({ message: { messageId: `${contextId}-3`, contextId, role: 'ROLE_USER', parts: [{ text: 'I want to send money' }] } }),
    });
    expect(rest.status).toBe(401);
    expect(rest.headers.get('content-type')).toMatch(/json/);
    const card = await fetch(`${server.url}/.well-known/agent-card.json`, { headers });
    expect(card.status).toBe(401);

    expect(await server.userTurns(contextId)).toBe(before);
    expect(before).toBe(0);
  });

  it('cannot read or cancel a task with a bad token', async () => {
    const good = bearer(await token());
    const task = (await server.rpc('message/send', { message: userMessage('I want to send money', 'own-1', 'jwt-own') }, good)).body.result;
    const tampered = bearer((await badTokens()).tampered);
    expect((await server.rpc('tasks/get', { id: task.id }, tampered)).status).toBe(401);
    expect((await server.rpc('tasks/cancel', { id: task.id }, tampered)).status).toBe(401);
    expect((await server.rpc('tasks/get', { id: task.id }, good)).body.result.status.state).toBe('input-required');
  });
});
