/**
 * Adds the sub-agent's credentials (`auth`: api_key, pre-issued token, OAuth client credentials)
 * to every request; an OAuth token the agent rejects is fetched anew once. A final 401/403 becomes
 * a `PeerAuthError`, so the turn ends with a clear message instead of a transport error.
 * @module
 */
import { createAuthenticatingFetchWithRetry } from '@a2a-js/sdk/client';
import type { ClientAuth } from '../../../core/assistant.ts';
import { PeerAuthError } from './a2a-errors.ts';
import { credentialsFor } from './credential-headers.ts';

/** What a rejection says about the configured credentials. */
export function rejectionReason(auth: Pick<ClientAuth, 'type'> | undefined): string {
  return auth ? `rejected the configured ${auth.type} credentials` : 'requires credentials (set configuration.auth)';
}

/**
 * @param base the bounded fetch used for the agent
 * @param tokenFetch the fetch used for the OAuth token endpoint
 */
export function authenticatedFetch(base: typeof fetch, auth: ClientAuth | undefined, tokenFetch: typeof fetch = base): typeof fetch {
  const credentials = credentialsFor(auth, tokenFetch);
  const inner = credentials
    ? createAuthenticatingFetchWithRetry(base, {
        headers: () => credentials.headers(),
        shouldRetryWithHeaders: (_req, res) => (res.status === 401 ? credentials.renew() : Promise.resolve(undefined)),
      })
    : base;
  return async (input, init) => {
    const response = await inner(input, init);
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new PeerAuthError(`the agent ${rejectionReason(auth)}: HTTP ${response.status}`);
    }
    return response;
  };
}
