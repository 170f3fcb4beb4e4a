/**
 * The request headers for a configured `ClientAuth` (MCP servers, A2A sub-agents over HTTP and
 * gRPC): an api_key header, a pre-issued bearer token, or an OAuth token.
 * @module
 */
import type { ClientAuth } from '../../core/assistant.ts';
import { OAuthTokenError, oauthTokenSource, type AuthChallenge, type OAuthTokenSourceOptions } from './oauth-token-source.ts';

export type AuthHeaders = Record<string, string>;

export interface ClientAuthHeaders {
  /** Headers for the next request; rejects with `OAuthTokenError` when no token can be had. */
  headers(): Promise<AuthHeaders>;
  /**
   * After the server rejected `headers()`: forgets a cached token. True when fresh headers may
   * differ (OAuth), false when retrying cannot help (static credentials).
   */
  invalidate(): boolean;
  /** After a 401/403 with its `WWW-Authenticate` details: true when a retry with fresh headers may pass. */
  challenge(challenge: AuthChallenge): boolean;
}

/** @returns undefined when there is no `auth` */
export function clientAuthHeaders(auth: ClientAuth | undefined, options: OAuthTokenSourceOptions = {}): ClientAuthHeaders | undefined {
  if (!auth) return undefined;
  if (auth.type !== 'oauth') {
    const headers = auth.type === 'token' ? { Authorization: `Bearer ${auth.token}` } : { [auth.headerName]: auth.headerFormat.replaceAll('{key}', auth.apiKey) };
    return { headers: () => Promise.resolve(headers), invalidate: () => false, challenge: () => false };
  }
  const tokens = oauthTokenSource(auth, options);
  return {
    async headers(): Promise<AuthHeaders> {
      try {
        return { Authorization: `Bearer ${await tokens.token()}` };
      } catch (error) {
        // The server's 401 will name its metadata; `challenge` then lets discovery succeed.
        if (error instanceof OAuthTokenError && error.awaitingChallenge) return {};
        throw error;
      }
    },
    invalidate() {
      tokens.invalidate();
      return true;
    },
    challenge: (challenge) => tokens.challenge(challenge),
  };
}
