/**
 * An OAuth-protected MCP server for the authorization tests: a local authorization server
 * (RFC 8414 metadata, a token endpoint for client credentials and refresh tokens, with Basic,
 * post or private_key_jwt client authentication) and a resource server that publishes RFC 9728
 * metadata, answers 401/403 with `WWW-Authenticate` challenges and forwards authorized requests to
 * the shopping MCP server.
 * @module
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { jwtVerify, type CryptoKey } from 'jose';
import { startShoppingMcpServer, type ShoppingServer } from '../../examples/shopping/mcp-server.ts';

export const CLIENT_ID = 'colloquy-test';
export const CLIENT_SECRET = 'rig-secret';

export interface TokenRequest {
  readonly authorization: string | undefined;
  readonly form: Readonly<Record<string, string>>;
}

export interface RigOptions {
  /** What the metadata advertises (and the token endpoint accepts). */
  readonly authMethods: readonly ('client_secret_basic' | 'client_secret_post' | 'private_key_jwt')[];
  /** Public key that verifies private_key_jwt assertions. */
  readonly jwtKey?: CryptoKey;
  /** Token lifetime in seconds. */
  readonly expiresIn?: number;
  /** Scopes every MCP request needs; `tools/call` of `place_order` also needs `mcp:write`. */
  readonly baseScope?: string;
  /** When set, `place_order` never gets enough scope (403 whatever is asked). */
  readonly neverEnoughScope?: boolean;
  /** The refresh token the authorization server accepts first (it rotates on every use). */
  readonly refreshToken?: string;
  /** Where the protected-resource metadata is served (default: the RFC 9728 well-known path). */
  readonly metadataPath?: string;
}

export interface OAuthRig {
  /** The MCP endpoint (`…/mcp`). */
  readonly url: string;
  readonly issuer: string;
  readonly tokenRequests: TokenRequest[];
  /** Status codes the resource server answered with 401/403, in order. */
  readonly refusals: number[];
  /** The refresh token the authorization server will accept next. */
  currentRefreshToken(): string | undefined;
  close(): Promise<void>;
}

const WRITE_SCOPE = 'mcp:write';

export async function startOAuthRig(options: RigOptions): Promise<OAuthRig> {
  const shop: ShoppingServer = await startShoppingMcpServer();
  const tokenRequests: TokenRequest[] = [];
  const refusals: number[] = [];
  const issued = new Map<string, { scopes: Set<string>; expiresAt: number }>();
  let refreshToken = options.refreshToken;
  let tokenCount = 0;
  const baseScope = options.baseScope ?? 'mcp:basic';

  const auth = await listen(async (req, res) => {
    const path = req.url?.split('?')[0];
    if (path === '/.well-known/oauth-authorization-server') {
      return json(res, 200, {
        issuer: auth.url,
        authorization_endpoint: `${auth.url}/authorize`,
        token_endpoint: `${auth.url}/token`,
        token_endpoint_auth_methods_supported: options.authMethods,
        grant_types_supported: ['client_credentials', 'refresh_token'],
        response_types_supported: ['code'],
      });
    }
    if (path !== '/token' || req.method !== 'POST') return json(res, 404, { error: 'not_found' });
    const form = Object.fromEntries(new URLSearchParams(await readBody(req)));
    tokenRequests.push({ authorization: req.headers.authorization, form });
    if (!(await clientAuthenticated(req, form))) return json(res, 401, { error: 'invalid_client' });
    if (form.grant_type === 'refresh_token') {
      if (!refreshToken || form.refresh_token !== refreshToken) return json(res, 400, { error: 'invalid_grant' });
    } else if (form.grant_type !== 'client_credentials') {
      return json(res, 400, { error: 'unsupported_grant_type' });
    }
    const token = `at-${++tokenCount}`;
    const expiresIn = options.expiresIn ?? 3600;
    issued.set(token, { scopes: new Set((form.scope ?? baseScope).split(' ')), expiresAt: Date.now() + expiresIn * 1000 });
    const rotated = form.grant_type === 'refresh_token' ? (refreshToken = `rt-${tokenCount}`) : undefined;
    return json(res, 200, { access_token: token, token_type: 'Bearer', expires_in: expiresIn, ...(rotated ? { refresh_token: rotated } : {}) });
  });

  async function clientAuthenticated(req: IncomingMessage, form: Record<string, string>): Promise<boolean> {
    const basic = req.headers.authorization;
    if (basic?.startsWith('Basic ') && options.authMethods.includes('client_secret_basic')) {
      const [id, secret] = Buffer.from(basic.slice(6), 'base64').toString().split(':').map(decodeURIComponent);
      return id === CLIENT_ID && secret === CLIENT_SECRET;
    }
    if (form.client_assertion && options.authMethods.includes('private_key_jwt') && options.jwtKey) {
      try {
        const { payload } = await jwtVerify(form.client_assertion, options.jwtKey, { audience: auth.url, issuer: CLIENT_ID, subject: CLIENT_ID });
        return payload.sub === CLIENT_ID;
      } catch {
        return false;
      }
    }
    if (form.client_secret !== undefined && options.authMethods.includes('client_secret_post')) return form.client_id === CLIENT_ID && form.client_secret === CLIENT_SECRET;
    return false;
  }

  const resource = await listen(async (req, res) => {
    const path = req.url?.split('?')[0];
    const metadataPath = options.metadataPath ?? '/.well-known/oauth-protected-resource/mcp';
    const metadataUrl = `${resource.url}${metadataPath}`;
    if (path === metadataPath) {
      return json(res, 200, { resource: `${resource.url}/mcp`, authorization_servers: [auth.url], scopes_supported: [baseScope] });
    }
    if (path !== '/mcp') return json(res, 404, { error: 'not_found' });
    const body = req.method === 'POST' ? await readBody(req) : undefined;
    const bearer = req.headers.authorization?.startsWith('Bearer ') ? issued.get(req.headers.authorization.slice(7)) : undefined;
    if (!bearer || bearer.expiresAt < Date.now()) {
      refusals.push(401);
      res.setHeader('www-authenticate', `Bearer resource_metadata="${metadataUrl}"`);
      return json(res, 401, { error: 'invalid_token' });
    }
    const needed = [baseScope, ...(body?.includes('"place_order"') ? [WRITE_SCOPE] : []), ...(options.neverEnoughScope && body?.includes('"place_order"') ? ['mcp:admin'] : [])];
    if (!needed.every((s) => bearer.scopes.has(s))) {
      refusals.push(403);
      const asked = options.neverEnoughScope ? `${baseScope} ${WRITE_SCOPE}` : needed.join(' ');
      res.setHeader('www-authenticate', `Bearer error="insufficient_scope", scope="${asked}", resource_metadata="${metadataUrl}"`);
      return json(res, 403, { error: 'insufficient_scope' });
    }
    await forward(req, res, shop.url, body);
  });

  return {
    url: `${resource.url}/mcp`,
    issuer: auth.url,
    tokenRequests,
    refusals,
    currentRefreshToken: () => refreshToken,
    async close() {
      await Promise.all([auth.close(), resource.close(), shop.close()]);
    },
  };
}

async function forward(req: IncomingMessage, res: ServerResponse, target: string, body: string | undefined): Promise<void> {
  const headers: Record<string, string> = {};
  for (const name of ['content-type', 'accept', 'mcp-session-id', 'mcp-protocol-version', 'last-event-id']) {
    const value = req.headers[name];
    if (typeof value === 'string') headers[name] = value;
  }
  const upstream = await fetch(target, { method: req.method ?? 'GET', headers, ...(body !== undefined ? { body } : {}) });
  const hopByHop = new Set(['transfer-encoding', 'connection', 'keep-alive', 'content-length']);
  res.writeHead(upstream.status, Object.fromEntries([...upstream.headers].filter(([name]) => !hopByHop.has(name))));
  // A stream cut when the servers close is not a failure of the test.
  if (upstream.body) await pipeline(Readable.fromWeb(upstream.body as WebReadableStream), res).catch(() => res.destroy());
  else res.end();
}

interface Listening {
  readonly url: string;
  close(): Promise<void>;
}

async function listen(handler: (req: IncomingMessage, res: ServerResponse) => Promise<void>): Promise<Listening> {
  const server: Server = createServer((req, res) => {
    handler(req, res).catch((error: unknown) => {
      if (!res.headersSent) json(res, 500, { error: String(error) });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.close(() => resolve());
        server.closeAllConnections();
      }),
  };
}

async function readBody(req: IncomingMessage): Promise<string> {
  let text = '';
  for await (const chunk of req) text += String(chunk);
  return text;
}

function json(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}
