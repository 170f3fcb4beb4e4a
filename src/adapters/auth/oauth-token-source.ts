/**
 * OAuth 2.0 access tokens for MCP servers and A2A sub-agents, as the MCP authorization spec asks:
 * the token endpoint configured or discovered (RFC 9728 protected-resource metadata named by the
 * server's `WWW-Authenticate`, then RFC 8414 / OpenID metadata), the client authenticated the way
 * the authorization server advertises (`client_secret_basic`, `client_secret_post`,
 * `private_key_jwt`), the RFC 8707 `resource` indicator, scope step-up after a 403
 * `insufficient_scope`, and a pre-registered client's refresh token. Tokens are cached and fetched
 * anew shortly before they expire; concurrent callers share one request; a refused request is
 * never repeated by this module (one token request per attempt).
 * @module
 */
import { createPrivateKeyJwtAuth } from '@modelcontextprotocol/sdk/client/auth-extensions.js';
import { discoverOAuthServerInfo, selectClientAuthMethod } from '@modelcontextprotocol/sdk/client/auth.js';
import { checkResourceAllowed, resourceUrlFromServerUrl } from '@modelcontextprotocol/sdk/shared/auth-utils.js';
import type { AuthorizationServerMetadata, OAuthProtectedResourceMetadata } from '@modelcontextprotocol/sdk/shared/auth.js';
import type { OAuthClientSettings, TokenEndpointAuthMethod } from '../../core/assistant.ts';

export type OAuthSettings = OAuthClientSettings;

export interface OAuthTokenSourceOptions {
  /** Fetch for discovery and the token endpoint (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Clock in ms (default `Date.now`). */
  readonly now?: () => number;
  /**
   * The protected server's URL (MCP): enables discovery when no `tokenUrl` is configured and adds
   * the RFC 8707 `resource` indicator to every token request.
   */
  readonly resourceServer?: string;
}

/** What a server said when it refused a token (`WWW-Authenticate: Bearer …`). */
export interface AuthChallenge {
  readonly status: number;
  readonly error?: string;
  readonly scope?: string;
  readonly resourceMetadataUrl?: URL;
}

export interface OAuthTokenSource {
  token(): Promise<string>;
  /** Forgets the cached token (the server answered 401), so the next call fetches a fresh one. */
  invalidate(): void;
  /**
   * Takes a server's refusal into account: true when a new token may be accepted (the next
   * `token()` fetches it), false when asking again cannot help (403 without a wider scope to ask for).
   */
  challenge(challenge: AuthChallenge): boolean;
}

/** The token endpoint or discovery failed, refused the client or sent no token. */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError';
  /** Discovery failed before the server said where its metadata is: ask it without a token first. */
  readonly awaitingChallenge: boolean;

  constructor(message: string, options?: ErrorOptions & { awaitingChallenge?: boolean }) {
    super(message, options);
    this.awaitingChallenge = options?.awaitingChallenge ?? false;
  }
}

const DEFAULT_TIMEOUT_SECONDS = 10;
/** Tokens without `expires_in` are kept this long (ms). */
const DEFAULT_LIFETIME_MS = 300_000;
const MAX_REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_MARGIN_MS = 5_000;
const MAX_ERROR_BODY_CHARS = 200;
const JWT_BEARER = 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer';

/** Refresh this long before expiry, so a token never expires in flight: 10% of the lifetime, 5–60 s. */
function refreshMargin(lifetimeMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.max(MIN_REFRESH_MARGIN_MS, lifetimeMs / 10));
}

interface TokenEndpoint {
  readonly url: string;
  readonly metadata?: AuthorizationServerMetadata;
  readonly resource?: string;
  readonly scopesSupported?: readonly string[];
}

export function oauthTokenSource(settings: OAuthSettings, options: OAuthTokenSourceOptions = {}): OAuthTokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = (settings.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const scopes = new Set(splitScope(settings.scope));
  let challengeScope = false;
  let resourceMetadataUrl: URL | undefined;
  let challenged = false;
  let endpoint: Promise<TokenEndpoint> | undefined;
  let refreshToken = settings.refreshToken;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  /** Fetch with this source's deadline; failures name what was asked. */
  async function call(what: string, url: string | URL, init: RequestInit = {}): Promise<Response> {
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      // Credentials never follow a redirect to another server.
      return await fetchImpl(url, { ...init, redirect: 'error', signal: deadline });
    } catch (error) {
      if (deadline.aborted) throw new OAuthTokenError(`${what} did not answer within ${timeoutMs} ms`, { cause: error });
      throw new OAuthTokenError(`${what} is unreachable: ${describe(error)}`, { cause: error });
    }
  }

  async function resolveEndpoint(): Promise<TokenEndpoint> {
    const server = options.resourceServer;
    const canonical = server ? resourceUrlFromServerUrl(server).href : undefined;
    if (settings.tokenUrl) return { url: settings.tokenUrl, ...(canonical ? { resource: canonical } : {}) };
    if (!server) throw new OAuthTokenError('no token_url is configured and there is no server to discover it from');
    const discoveryFetch = (async (url: string | URL | Request, init?: RequestInit) => call(`OAuth discovery (${String(url)})`, url as string, init)) as typeof fetch;
    let info: Awaited<ReturnType<typeof discoverOAuthServerInfo>>;
    try {
      info = await discoverOAuthServerInfo(server, { ...(resourceMetadataUrl ? { resourceMetadataUrl } : {}), fetchFn: discoveryFetch });
    } catch (error) {
      throw new OAuthTokenError(`OAuth discovery for ${server} failed: ${describe(error)}; set oauth.token_url`, { cause: error, awaitingChallenge: !challenged });
    }
    if (!info.resourceMetadata && !challenged) {
      // The 2025-03-26 fallback (the MCP server as its own authorization server) only once the server asked for a token.
      throw new OAuthTokenError(`no protected-resource metadata found for ${server}`, { awaitingChallenge: true });
    }
    const resource = protectedResource(server, info.resourceMetadata);
    const metadata = info.authorizationServerMetadata;
    // Without metadata the SDK (and the 2025-03-26 spec) fall back to /token on the authorization server.
    const url = metadata?.token_endpoint ?? new URL('/token', info.authorizationServerUrl).href;
    return { url, resource, ...(metadata ? { metadata } : {}), ...(info.resourceMetadata?.scopes_supported ? { scopesSupported: info.resourceMetadata.scopes_supported } : {}) };
  }

  function requestedScope(target: TokenEndpoint): string | undefined {
    // MCP scope selection: the challenge's scope, else the resource's scopes_supported, else configured.
    if (scopes.size > 0) return [...scopes].join(' ');
    return target.scopesSupported && target.scopesSupported.length > 0 ? target.scopesSupported.join(' ') : undefined;
  }

  async function fetchToken(): Promise<string> {
    endpoint ??= resolveEndpoint();
    let target: TokenEndpoint;
    try {
      target = await endpoint;
    } catch (error) {
      endpoint = undefined;
      throw error;
    }
    const form = new URLSearchParams(refreshToken ? { grant_type: 'refresh_token', refresh_token: refreshToken } : { grant_type: 'client_credentials' });
    const scope = requestedScope(target);
    if (scope && (!refreshToken || challengeScope)) form.set('scope', scope);
    if (settings.audience) form.set('audience', settings.audience);
    if (target.resource) form.set('resource', target.resource);
    const headers = new Headers({ 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' });
    await authenticateClient(authMethod(target.metadata), headers, form, target);

    const what = `token endpoint ${target.url}`;
    const response = await call(what, target.url, { method: 'POST', headers, body: form.toString() });
    const text = await response.text();
    if (!response.ok) {
      const hint = response.status === 400 || response.status === 401 ? '; check the client credentials' : '';
      throw new OAuthTokenError(`${what} answered HTTP ${response.status}${hint}${text ? ` (${text.slice(0, MAX_ERROR_BODY_CHARS)})` : ''}`);
    }
    let body: { access_token?: unknown; expires_in?: unknown; refresh_token?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new OAuthTokenError(`${what} did not answer JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new OAuthTokenError(`${what} sent no access_token`);
    if (refreshToken && typeof body.refresh_token === 'string' && body.refresh_token !== '') refreshToken = body.refresh_token;
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_LIFETIME_MS;
    cached = { token: body.access_token, refreshAt: now() + lifetime - refreshMargin(lifetime) };
    return body.access_token;
  }

  function authMethod(metadata: AuthorizationServerMetadata | undefined): TokenEndpointAuthMethod {
    if (settings.tokenEndpointAuthMethod) return settings.tokenEndpointAuthMethod;
    const supported = metadata?.token_endpoint_auth_methods_supported ?? [];
    if (settings.privateKey) return 'private_key_jwt';
    // A configured token_url with no metadata: the body, as Rasa sends it.
    if (!metadata) return settings.clientSecret !== undefined ? 'client_secret_post' : 'none';
    return selectClientAuthMethod({ client_id: settings.clientId, ...(settings.clientSecret !== undefined ? { client_secret: settings.clientSecret } : {}) }, supported);
  }

  async function authenticateClient(method: TokenEndpointAuthMethod, headers: Headers, form: URLSearchParams, target: TokenEndpoint): Promise<void> {
    const secret = settings.clientSecret;
    if (method === 'client_secret_basic') {
      if (secret === undefined) throw new OAuthTokenError('client_secret_basic needs oauth.client_secret');
      headers.set('authorization', `Basic ${Buffer.from(`${encodeURIComponent(settings.clientId)}:${encodeURIComponent(secret)}`).toString('base64')}`);
    } else if (method === 'private_key_jwt') {
      if (!settings.privateKey) throw new OAuthTokenError('private_key_jwt needs oauth.private_key or oauth.private_key_path');
      const sign = createPrivateKeyJwtAuth({ issuer: settings.clientId, subject: settings.clientId, privateKey: settings.privateKey, alg: settings.signingAlgorithm ?? 'RS256' });
      form.set('client_id', settings.clientId);
      await sign(headers, form, target.url, target.metadata);
      if (form.get('client_assertion_type') !== JWT_BEARER) form.set('client_assertion_type', JWT_BEARER);
    } else {
      form.set('client_id', settings.clientId);
      if (method === 'client_secret_post' && secret !== undefined) form.set('client_secret', secret);
    }
  }

  return {
    token() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
    challenge(challenge) {
      if (!challenged) endpoint = undefined;
      challenged = true;
      if (challenge.resourceMetadataUrl && challenge.resourceMetadataUrl.href !== resourceMetadataUrl?.href && !settings.tokenUrl) {
        resourceMetadataUrl = challenge.resourceMetadataUrl;
        endpoint = undefined;
      }
      const asked = splitScope(challenge.scope);
      if (challenge.status === 403) {
        if (challenge.error !== 'insufficient_scope') return false;
        const before = scopes.size;
        for (const scope of asked) scopes.add(scope);
        if (scopes.size === before) return false;
        challengeScope = true;
      } else if (asked.length > 0 && scopes.size === 0) {
        for (const scope of asked) scopes.add(scope);
        challengeScope = true;
      }
      cached = undefined;
      return true;
    },
  };
}

/** The resource indicator: the metadata's (verbatim) when it covers the server, else the server's URL. */
function protectedResource(server: string, metadata: OAuthProtectedResourceMetadata | undefined): string {
  const canonical = resourceUrlFromServerUrl(server).href;
  if (!metadata?.resource) return canonical;
  if (!checkResourceAllowed({ requestedResource: canonical, configuredResource: metadata.resource })) {
    throw new OAuthTokenError(`the protected-resource metadata names ${metadata.resource}, which does not cover ${canonical}`);
  }
  return metadata.resource;
}

function splitScope(scope: string | undefined): string[] {
  return (scope ?? '').split(' ').filter((s) => s !== '');
}

/** `fetch failed` alone says nothing: name its cause. */
function describe(error: unknown): string {
  if (error instanceof TypeError && error.cause instanceof Error) return `${error.message} (${error.cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
