/**
 * OAuth 2.0 client credentials (MCP servers, A2A sub-agents): fetches an access token from
 * `token_url`, caches it and fetches a new one shortly before it expires or after the server
 * rejected it. Concurrent callers share one request to the token endpoint.
 * @module
 */
import type { ClientAuth } from '../../core/assistant.ts';

export type OAuthSettings = Omit<Extract<ClientAuth, { type: 'oauth' }>, 'type'>;

export interface OAuthTokenSourceOptions {
  /** Fetch for the token endpoint (default: the global `fetch`). */
  readonly fetch?: typeof fetch;
  /** Clock in ms (default `Date.now`). */
  readonly now?: () => number;
}

export interface OAuthTokenSource {
  token(): Promise<string>;
  /** Forgets the cached token (the server answered 401), so the next call fetches a fresh one. */
  invalidate(): void;
}

/** The token endpoint failed, refused the client or sent no token. */
export class OAuthTokenError extends Error {
  override readonly name = 'OAuthTokenError';
}

const DEFAULT_TIMEOUT_SECONDS = 10;
/** Tokens without `expires_in` are kept this long (ms). */
const DEFAULT_LIFETIME_MS = 300_000;
const MAX_REFRESH_MARGIN_MS = 60_000;
const MIN_REFRESH_MARGIN_MS = 5_000;
const MAX_ERROR_BODY_CHARS = 200;

/** Refresh this long before expiry, so a token never expires in flight: 10% of the lifetime, 5–60 s. */
function refreshMargin(lifetimeMs: number): number {
  return Math.min(MAX_REFRESH_MARGIN_MS, Math.max(MIN_REFRESH_MARGIN_MS, lifetimeMs / 10));
}

export function oauthTokenSource(settings: OAuthSettings, options: OAuthTokenSourceOptions = {}): OAuthTokenSource {
  const fetchImpl = options.fetch ?? fetch;
  const now = options.now ?? Date.now;
  const timeoutMs = (settings.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000;
  const endpoint = `token endpoint ${settings.tokenUrl}`;
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function request(): Promise<Response> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret });
    if (settings.scope) form.set('scope', settings.scope);
    if (settings.audience) form.set('audience', settings.audience);
    const deadline = AbortSignal.timeout(timeoutMs);
    try {
      return await fetchImpl(settings.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form.toString(),
        signal: deadline,
      });
    } catch (error) {
      if (deadline.aborted) throw new OAuthTokenError(`${endpoint} did not answer within ${timeoutMs} ms`, { cause: error });
      throw new OAuthTokenError(`${endpoint} is unreachable: ${describe(error)}`, { cause: error });
    }
  }

  async function fetchToken(): Promise<string> {
    const response = await request();
    const text = await response.text();
    if (!response.ok) {
      const hint = response.status === 400 || response.status === 401 ? '; check client_id and client_secret' : '';
      throw new OAuthTokenError(`${endpoint} answered HTTP ${response.status}${hint}${text ? ` (${text.slice(0, MAX_ERROR_BODY_CHARS)})` : ''}`);
    }
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new OAuthTokenError(`${endpoint} did not answer JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new OAuthTokenError(`${endpoint} sent no access_token`);
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_LIFETIME_MS;
    cached = { token: body.access_token, refreshAt: now() + lifetime - refreshMargin(lifetime) };
    return body.access_token;
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
  };
}

/** `fetch failed` alone says nothing: name its cause. */
function describe(error: unknown): string {
  if (error instanceof TypeError && error.cause instanceof Error) return `${error.message} (${error.cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
