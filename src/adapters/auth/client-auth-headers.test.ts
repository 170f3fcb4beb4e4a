import { describe, expect, it } from 'vitest';
import { clientAuthHeaders } from './client-auth-headers.ts';

describe('clientAuthHeaders', () => {
  it('sends nothing without auth', () => {
    expect(clientAuthHeaders(undefined)).toBeUndefined();
  });

  it('formats an api_key into its header', async () => {
    const auth = clientAuthHeaders({ type: 'api_key', apiKey: 'k-1', headerName: 'Authorization', headerFormat: 'ApiKey {key}' })!;
    expect(await auth.headers()).toEqual({ Authorization: 'ApiKey k-1' });
    expect(auth.invalidate()).toBe(false);
  });

  it('sends a pre-issued token as Bearer; retrying it cannot help', async () => {
    const auth = clientAuthHeaders({ type: 'token', token: 't-1' })!;
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer t-1' });
    expect(auth.invalidate()).toBe(false);
  });

  it('sends an OAuth token as Bearer and fetches a new one after invalidate()', async () => {
    let issued = 0;
    const fetch = (async () => Response.json({ access_token: `tok-${++issued}`, expires_in: 3600 })) as typeof globalThis.fetch;
    const auth = clientAuthHeaders({ type: 'oauth', clientId: 'c', clientSecret: 's', tokenUrl: 'http://127.0.0.1:1/token' }, { fetch })!;
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer tok-1' });
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer tok-1' });
    expect(auth.invalidate()).toBe(true);
    expect(await auth.headers()).toEqual({ Authorization: 'Bearer tok-2' });
  });
});
