/**
 * The headers that carry a sub-agent's credentials (`auth`): an api_key header, a pre-issued
 * bearer token, or an OAuth client-credentials token (cached, fetched anew after a rejection).
 * HTTP transports send them as headers, gRPC as call metadata.
 * @module
 */
import type { ClientAuth } from '../../../core/assistant.ts';
import { oauthTokenSource } from './oauth-token-source.ts';

export type CredentialHeaders = Record<string, string>;

export interface Credentials {
  /** `auth.type`, for error messages. */
  readonly type: ClientAuth['type'];
  headers(): Promise<CredentialHeaders>;
  /** After the agent rejected `headers()`: fresh headers to try once more, or undefined when retrying cannot help. */
  renew(): Promise<CredentialHeaders | undefined>;
}

/**
 * @param tokenFetch the fetch used for the OAuth token endpoint
 * @returns undefined when the sub-agent has no `auth`
 */
export function credentialsFor(auth: ClientAuth | undefined, tokenFetch: typeof fetch): Credentials | undefined {
  if (!auth) return undefined;
  if (auth.type !== 'oauth') {
    const headers = auth.type === 'token' ? { Authorization: `Bearer ${auth.token}` } : { [auth.headerName]: auth.headerFormat.replaceAll('{key}', auth.apiKey) };
    return { type: auth.type, headers: () => Promise.resolve(headers), renew: () => Promise.resolve(undefined) };
  }
  const tokens = oauthTokenSource(auth, tokenFetch);
  const bearer = async () => ({ Authorization: `Bearer ${await tokens.token()}` });
  return {
    type: auth.type,
    headers: bearer,
    renew() {
      tokens.invalidate();
      return bearer();
    },
  };
}
