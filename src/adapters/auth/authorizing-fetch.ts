/**
 * A fetch that sends the configured credentials and answers the server's `WWW-Authenticate`
 * challenge once per request: a 401 fetches a new token (discovering the authorization server when
 * needed), a 403 `insufficient_scope` asks for the wider scope; then the request is sent again.
 * A second refusal is returned to the caller as it is, so no request loops on the token endpoint.
 * @module
 */
import { extractWWWAuthenticateParams } from '@modelcontextprotocol/sdk/client/auth.js';
import type { ClientAuthHeaders } from './client-auth-headers.ts';

export function authorizingFetch(base: typeof fetch, credentials: ClientAuthHeaders): typeof fetch {
  const send = async (input: string | URL | Request, init: RequestInit | undefined) => {
    const headers = new Headers(init?.headers);
    for (const [key, value] of Object.entries(await credentials.headers())) headers.set(key, value);
    return base(input, { ...init, headers });
  };
  return async (input, init) => {
    const response = await send(input, init);
    if (response.status !== 401 && response.status !== 403) return response;
    if (!credentials.challenge({ status: response.status, ...extractWWWAuthenticateParams(response) })) return response;
    await response.body?.cancel();
    return send(input, init);
  };
}
