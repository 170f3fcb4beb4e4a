/**
 * Request headers for a configured `ClientAuth` (MCP servers, A2A agents): static API keys and
 * tokens, and OAuth client-credentials tokens fetched from `token_url` and cached until shortly
 * before they expire.
 * @module
 */
import type { ClientAuth } from '../../core/assistant.ts';

export interface AuthHeaders {
  /** Headers to add to the next request. */
  headers(): Promise<Record<string, string>>;
  /** Forgets a cached OAuth token (after a 401), so the next request fetches a fresh one. */
  invalidate(): void;
}

/** Refresh this long before `expires_in` runs out, so a token never expires in flight. */
const EXPIRY_MARGIN_MS = 30_000;
const DEFAULT_TOKEN_TIMEOUT_SECONDS = 10;
/** Tokens without `expires_in` are kept this long. */
const DEFAULT_TOKEN_LIFETIME_MS = 5 * 60_000;

export class OAuthTokenError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'OAuthTokenError';
  }
}

export function createAuthHeaders(auth: ClientAuth | undefined, now: () => number = Date.now): AuthHeaders {
  if (!auth) return { headers: async () => ({}), invalidate: () => {} };
  switch (auth.type) {
    case 'api_key': {
      const headers = { [auth.headerName]: auth.headerFormat.replaceAll('{key}', auth.apiKey) };
      return { headers: async () => headers, invalidate: () => {} };
    }
    case 'token': {
      const headers = { Authorization: `Bearer ${auth.token}` };
      return { headers: async () => headers, invalidate: () => {} };
    }
    case 'oauth':
      return oauthHeaders(auth, now);
  }
}

function oauthHeaders(auth: Extract<ClientAuth, { type: 'oauth' }>, now: () => number): AuthHeaders {
  let cached: { token: string; refreshAt: number } | undefined;
  let pending: Promise<string> | undefined;

  async function fetchToken(): Promise<string> {
    const form = new URLSearchParams({ grant_type: 'client_credentials', client_id: auth.clientId, client_secret: auth.clientSecret });
    if (auth.scope) form.set('scope', auth.scope);
    if (auth.audience) form.set('audience', auth.audience);
    let response: Response;
    try {
      response = await fetch(auth.tokenUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/x-www-form-urlencoded', accept: 'application/json' },
        body: form,
        signal: AbortSignal.timeout((auth.timeout ?? DEFAULT_TOKEN_TIMEOUT_SECONDS) * 1000),
      });
    } catch (error) {
      throw new OAuthTokenError(`OAuth token endpoint ${auth.tokenUrl} is unreachable: ${(error as Error).message}`, { cause: error });
    }
    if (!response.ok) throw new OAuthTokenError(`OAuth token endpoint ${auth.tokenUrl} answered HTTP ${response.status}; check client_id and client_secret`);
    const body = (await response.json().catch(() => ({}))) as { access_token?: unknown; expires_in?: unknown };
    if (typeof body.access_token !== 'string') throw new OAuthTokenError(`OAuth token endpoint ${auth.tokenUrl} returned no access_token`);
    const lifetimeMs = typeof body.expires_in === 'number' ? body.expires_in * 1000 : DEFAULT_TOKEN_LIFETIME_MS;
    cached = { token: body.access_token, refreshAt: now() + Math.max(0, lifetimeMs - EXPIRY_MARGIN_MS) };
    return body.access_token;
  }

  return {
    async headers() {
      if (!cached || now() >= cached.refreshAt) {
        // Concurrent calls share one token request.
        pending ??= fetchToken().finally(() => (pending = undefined));
        await pending;
      }
      return { Authorization: `Bearer ${cached!.token}` };
    },
    invalidate() {
      cached = undefined;
    },
  };
}
