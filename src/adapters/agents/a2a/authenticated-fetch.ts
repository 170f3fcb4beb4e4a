/**
 * Adds the sub-agent's credentials (`auth`: api_key, pre-issued token, OAuth client credentials)
 * to every request; an OAuth token the agent rejects is fetched anew once. A final 401/403 becomes
 * a `PeerAuthError`, so the turn ends with a clear message instead of a transport error.
 * @module
 */
import { createAuthenticatingFetchWithRetry, type HttpHeaders } from '@a2a-js/sdk/client';
import type { ClientAuth } from '../../../core/assistant.ts';
import { PeerAuthError } from './a2a-errors.ts';
import { oauthTokenSource, type OAuthTokenSource } from './oauth-token-source.ts';

function staticHeaders(auth: Exclude<ClientAuth, { type: 'oauth' }>): HttpHeaders {
  if (auth.type === 'token') return { Authorization: `Bearer ${auth.token}` };
  return { [auth.headerName]: auth.headerFormat.replaceAll('{key}', auth.apiKey) };
}

function withCredentials(base: typeof fetch, auth: ClientAuth | undefined, tokenFetch: typeof fetch): typeof fetch {
  if (!auth) return base;
  if (auth.type !== 'oauth') {
    const headers = staticHeaders(auth);
    return createAuthenticatingFetchWithRetry(base, { headers: () => Promise.resolve(headers), shouldRetryWithHeaders: () => Promise.resolve(undefined) });
  }
  const tokens: OAuthTokenSource = oauthTokenSource(auth, tokenFetch);
  return createAuthenticatingFetchWithRetry(base, {
    headers: async () => ({ Authorization: `Bearer ${await tokens.token()}` }),
    async shouldRetryWithHeaders(_req, res) {
      if (res.status !== 401) return undefined;
      tokens.invalidate();
      return { Authorization: `Bearer ${await tokens.token()}` };
    },
  });
}

/**
 * @param base the bounded fetch used for the agent
 * @param tokenFetch the fetch used for the OAuth token endpoint
 */
export function authenticatedFetch(base: typeof fetch, auth: ClientAuth | undefined, tokenFetch: typeof fetch = base): typeof fetch {
  const inner = withCredentials(base, auth, tokenFetch);
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      const what = auth ? `rejected the configured ${auth.type} credentials` : 'requires credentials (set configuration.auth)';
      throw new PeerAuthError(`the agent ${what}: HTTP ${response.status}`);
    }
    return response;
  };
}
