/**
 * Adds the sub-agent's credentials (`auth`: api_key, pre-issued token, OAuth client credentials)
 * to every request; an OAuth token the agent rejects is fetched anew once. A final 401/403, or a
 * token endpoint that refuses us, becomes a `PeerAuthError`, so the turn ends with a clear message
 * instead of a transport error.
 * @module
 */
import { createAuthenticatingFetchWithRetry } from '@a2a-js/sdk/client';
import type { ClientAuth } from '../../../core/assistant.ts';
import type { ClientAuthHeaders } from '../../auth/client-auth-headers.ts';
import { OAuthTokenError } from '../../auth/oauth-token-source.ts';
import { isTransient, PeerAuthError, PeerUnavailableError } from './a2a-errors.ts';

/** What a rejection says about the configured credentials. */
export function rejectionReason(auth: Pick<ClientAuth, 'type'> | undefined): string {
  return auth ? `rejected the configured ${auth.type} credentials` : 'requires credentials (set configuration.auth)';
}

/** A token endpoint failure as a peer error: retried when the endpoint was only unreachable. */
function asPeerError(error: unknown): unknown {
  if (!(error instanceof OAuthTokenError)) return error;
  return isTransient(error.cause) ? new PeerUnavailableError(error.message, { cause: error }) : new PeerAuthError(error.message, { cause: error });
}

/** @param base the bounded fetch used for the agent */
export function authenticatedFetch(base: typeof fetch, auth: ClientAuth | undefined, credentials: ClientAuthHeaders | undefined): typeof fetch {
  const inner = credentials
    ? createAuthenticatingFetchWithRetry(base, {
        headers: () => credentials.headers(),
        shouldRetryWithHeaders: (_req, res) => (res.status === 401 && credentials.invalidate() ? credentials.headers() : Promise.resolve(undefined)),
      })
    : base;
  return async (input, init) => {
    let response: Response;
    try {
      response = await inner(input, init);
    } catch (error) {
      throw asPeerError(error);
    }
    if (response.status === 401 || response.status === 403) {
      await response.body?.cancel();
      throw new PeerAuthError(`the agent ${rejectionReason(auth)}: HTTP ${response.status}`);
    }
    return response;
  };
}
