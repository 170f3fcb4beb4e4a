/**
 * OAuth 2.0 client credentials: fetches an access token from `token_url`, caches it and fetches
 * a new one shortly before it expires (or when the agent rejects it).
 * @module
 */
import { PeerAuthError } from './a2a-errors.ts';

export interface OAuthSettings {
  readonly clientId: string;
  readonly clientSecret: string;
  readonly tokenUrl: string;
  readonly scope?: string;
  readonly audience?: string;
}

export interface OAuthTokenSource {
  token(): Promise<string>;
  /** Forgets the cached token (the agent answered 401). */
  invalidate(): void;
}

/** Tokens without `expires_in` are kept this long (ms). */
const DEFAULT_LIFETIME_MS = 300_000;

/** Refresh this long before expiry: 10% of the lifetime, at most 60 s. */
function refreshMargin(lifetimeMs: number): number {
  return Math.min(60_000, lifetimeMs / 10);
}

export function oauthTokenSource(settings: OAuthSettings, fetchImpl: typeof fetch, now: () => number = Date.now): OAuthTokenSource {
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: settings.clientId, client_secret: settings.clientSecret });
    if (settings.scope) form.set('scope', settings.scope);
    if (settings.audience) form.set('audience', settings.audience);
    const response = await fetchImpl(settings.tokenUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
      body: form.toString(),
    });
    const text = await response.text();
    if (!response.ok) throw new PeerAuthError(`token endpoint ${settings.tokenUrl} answered HTTP ${response.status}: ${text.slice(0, 200)}`);
    let body: { access_token?: unknown; expires_in?: unknown };
    try {
      body = JSON.parse(text) as typeof body;
    } catch {
      throw new PeerAuthError(`token endpoint ${settings.tokenUrl} did not answer JSON`);
    }
    if (typeof body.access_token !== 'string' || body.access_token === '') throw new PeerAuthError(`token endpoint ${settings.tokenUrl} sent no access_token`);
    const lifetime = typeof body.expires_in === 'number' && body.expires_in > 0 ? body.expires_in * 1000 : DEFAULT_LIFETIME_MS;
    cached = { token: body.access_token, refreshAt: now() + lifetime - refreshMargin(lifetime) };
    return body.access_token;
  }

  return {
    token() {
      if (cached && now() < cached.refreshAt) return Promise.resolve(cached.token);
      // Concurrent turns share one request to the token endpoint.
      pending ??= fetchToken().finally(() => (pending = undefined));
      return pending;
    },
    invalidate() {
      cached = undefined;
    },
  };
}
