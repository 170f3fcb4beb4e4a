import { describe, expect, it } from 'vitest';
import { OAuthTokenError, oauthTokenSource, type OAuthSettings } from './oauth-token-source.ts';

const settings: OAuthSettings = { clientId: 'a', clientSecret: 'b', tokenUrl: 'http://127.0.0.1:1/token' };

/** A token endpoint that issues t1, t2, … with the given lifetime and records each form it gets. */
function endpoint(expiresIn?: number) {
  const forms: Record<string, string>[] = [];
  const fetch = (async (_url: string | URL | Request, init?: RequestInit) => {
    forms.push(Object.fromEntries(new URLSearchParams(String(init?.body))));
    return Response.json({ access_token: `t${forms.length}`, ...(expiresIn === undefined ? {} : { expires_in: expiresIn }) });
  }) as typeof globalThis.fetch;
  return { fetch, forms };
}

const answering = (response: () => Response) => (async () => response()) as typeof fetch;

/** The source keeps a token of `expiresIn` seconds until just before `refreshAtMs`, and fetches a new one after. */
async function expectRefreshAt(expiresIn: number | undefined, refreshAtMs: number): Promise<void> {
  let clock = 0;
  const source = oauthTokenSource(settings, { ...endpoint(expiresIn), now: () => clock });
  expect(await source.token()).toBe('t1');
  clock = refreshAtMs - 1;
  expect(await source.token()).toBe('t1');
  clock = refreshAtMs + 1;
  expect(await source.token()).toBe('t2');
}

describe('oauthTokenSource', () => {
  it('shares one token request between concurrent callers', async () => {
    const { fetch, forms } = endpoint(100);
    const source = oauthTokenSource(settings, { fetch });
    expect(await Promise.all([source.token(), source.token(), source.token()])).toEqual(['t1', 't1', 't1']);
    expect(forms).toHaveLength(1);
  });

  it('refreshes 10% of the lifetime before expiry, at most 60 s and at least 5 s early', async () => {
    await expectRefreshAt(100, 90_000);
    await expectRefreshAt(3600, 3_540_000);
    await expectRefreshAt(20, 15_000);
  });

  it('keeps a token without expires_in for five minutes', async () => {
    await expectRefreshAt(undefined, 270_000);
  });

  it('fetches anew after invalidate()', async () => {
    const source = oauthTokenSource(settings, endpoint(3600));
    expect(await source.token()).toBe('t1');
    source.invalidate();
    expect(await source.token()).toBe('t2');
  });

  it('sends client credentials with scope and audience as a form', async () => {
    const { fetch, forms } = endpoint(3600);
    await oauthTokenSource({ ...settings, scope: 'cars:read', audience: 'dealer' }, { fetch }).token();
    expect(forms).toEqual([{ grant_type: 'client_credentials', client_id: 'a', client_secret: 'b', scope: 'cars:read', audience: 'dealer' }]);
  });

  it('says what the token endpoint did wrong', async () => {
    const refused = oauthTokenSource(settings, { fetch: answering(() => new Response('{"error":"invalid_client"}', { status: 401 })) });
    await expect(refused.token()).rejects.toThrow(/token endpoint http:\/\/127.0.0.1:1\/token answered HTTP 401; check the client credentials \(\{"error":"invalid_client"\}\)/);
    const notJson = oauthTokenSource(settings, { fetch: answering(() => new Response('<html>')) });
    await expect(notJson.token()).rejects.toThrow(/did not answer JSON/);
    const noToken = oauthTokenSource(settings, { fetch: answering(() => Response.json({ token_type: 'Bearer' })) });
    await expect(noToken.token()).rejects.toThrow(/sent no access_token/);
    await expect(noToken.token()).rejects.toBeInstanceOf(OAuthTokenError);
  });

  it('reports an unreachable endpoint with its cause', async () => {
    const source = oauthTokenSource({ ...settings, tokenUrl: 'http://127.0.0.1:1/token' });
    const error = await source.token().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(OAuthTokenError);
    expect((error as Error).message).toMatch(/token endpoint http:\/\/127.0.0.1:1\/token is unreachable: fetch failed/);
    expect((error as Error).cause).toBeInstanceOf(TypeError);
  });

  it('gives up on a token endpoint slower than auth.timeout', async () => {
    const hanging = ((_url: string | URL | Request, init?: RequestInit) =>
      new Promise<Response>((_resolve, reject) => init?.signal?.addEventListener('abort', () => reject(init.signal?.reason)))) as typeof fetch;
    const source = oauthTokenSource({ ...settings, timeout: 0.05 }, { fetch: hanging });
    await expect(source.token()).rejects.toThrow(/did not answer within 50 ms/);
  });
});
