/**
 * MCP authorization as the specification defines it, against a local authorization server and an
 * OAuth-protected MCP server (test/mcp/oauth-rig.ts), through colloquy's own MCP tool pool.
 */
import { exportPKCS8, generateKeyPair } from 'jose';
import { afterEach, describe, expect, it } from 'vitest';
import { createMcpToolPool, type McpToolPool } from '../../src/adapters/mcp/create-tool-client.ts';
import type { ClientAuth, McpServerConfig } from '../../src/core/assistant.ts';
import { captureLogger } from './log-capture.ts';
import { CLIENT_ID, CLIENT_SECRET, startOAuthRig, type OAuthRig, type RigOptions } from './oauth-rig.ts';

const open: { rig: OAuthRig; pool: McpToolPool }[] = [];

async function setup(options: RigOptions, auth: Partial<Extract<ClientAuth, { type: 'oauth' }>> = {}) {
  const rig = await startOAuthRig(options);
  const config: McpServerConfig = { name: 'shop', url: rig.url, type: 'http', auth: { type: 'oauth', clientId: CLIENT_ID, clientSecret: CLIENT_SECRET, ...auth } };
  const pool = createMcpToolPool([config], captureLogger().logger);
  open.push({ rig, pool });
  return { rig, pool };
}

const status = (pool: McpToolPool, id = '1') => pool.callTool('shop', 'get_order_status', { order_id: id });
const order = (pool: McpToolPool) => pool.callTool('shop', 'place_order', { product_id: 'P-300', quantity: 1 });

afterEach(async () => {
  for (const { rig, pool } of open.splice(0)) {
    await pool.close();
    await rig.close();
  }
});

describe('MCP authorization', () => {
  it('discovers the token endpoint from WWW-Authenticate and the metadata documents, with the resource indicator', async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_post'] });
    await status(pool, '1');
    await status(pool, '2');
    expect(rig.tokenRequests).toHaveLength(1);
    expect(rig.tokenRequests[0]!.form).toEqual({ grant_type: 'client_credentials', client_id: CLIENT_ID, client_secret: CLIENT_SECRET, scope: 'mcp:basic', resource: rig.url });
  });

  it("asks without a token first when only the server's challenge names its metadata", async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_post'], metadataPath: '/oauth/resource-metadata' });
    await status(pool);
    expect(rig.refusals).toEqual([401]);
    expect(rig.tokenRequests).toHaveLength(1);
    expect(rig.tokenRequests[0]!.form.resource).toBe(rig.url);
  });

  it('authenticates with HTTP Basic when the authorization server advertises only client_secret_basic', async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_basic'] });
    await status(pool);
    const request = rig.tokenRequests[0]!;
    expect(Buffer.from(request.authorization!.replace('Basic ', ''), 'base64').toString()).toBe(`${CLIENT_ID}:${CLIENT_SECRET}`);
    expect(request.form).not.toHaveProperty('client_secret');
  });

  it('authenticates with a signed JWT (private_key_jwt)', async () => {
    const { publicKey, privateKey } = await generateKeyPair('ES256', { extractable: true });
    const { rig, pool } = await setup({ authMethods: ['private_key_jwt'], jwtKey: publicKey }, { clientSecret: undefined, privateKey: await exportPKCS8(privateKey), signingAlgorithm: 'ES256' });
    await status(pool);
    const form = rig.tokenRequests[0]!.form;
    expect(form.client_assertion_type).toBe('urn:ietf:params:oauth:client-assertion-type:jwt-bearer');
    expect(form).not.toHaveProperty('client_secret');
  });

  it('steps up the scope after a 403 insufficient_scope and retries the call', async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_post'] });
    await status(pool);
    const { result } = await order(pool);
    expect(result.isError).toBeFalsy();
    expect(rig.tokenRequests.map((r) => r.form.scope)).toEqual(['mcp:basic', 'mcp:basic mcp:write']);
    expect(rig.refusals).toEqual([403]);
  });

  it('gives up after one step-up when the server keeps refusing the scope', async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_post'], neverEnoughScope: true });
    await status(pool);
    await expect(order(pool)).rejects.toThrow(/refused the configured oauth credentials: HTTP 403/);
    expect(rig.tokenRequests).toHaveLength(2);
    await expect(order(pool)).rejects.toThrow(/HTTP 403/);
    expect(rig.tokenRequests).toHaveLength(2);
  });

  it('makes one token request per attempt when the authorization server refuses the client', async () => {
    const { rig, pool } = await setup({ authMethods: ['client_secret_post'] }, { clientSecret: 'wrong' });
    await expect(status(pool)).rejects.toThrow(/refused the configured oauth credentials: token endpoint .* answered HTTP 401/);
    expect(rig.tokenRequests).toHaveLength(1);
    await expect(status(pool)).rejects.toThrow(/HTTP 401/);
    expect(rig.tokenRequests).toHaveLength(2);
  });

  it('refreshes with a pre-registered refresh token before the access token expires, using the rotated one', async () => {
    // 8 s tokens are renewed 5 s early: the second call, 3.5 s later, must come with a fresh one.
    const { rig, pool } = await setup({ authMethods: ['client_secret_basic'], expiresIn: 8, refreshToken: 'rt-0' }, { refreshToken: 'rt-0' });
    await status(pool, '1');
    await new Promise((resolve) => setTimeout(resolve, 3_500));
    await status(pool, '2');
    expect(rig.tokenRequests.map((r) => [r.form.grant_type, r.form.refresh_token])).toEqual([
      ['refresh_token', 'rt-0'],
      ['refresh_token', 'rt-1'],
    ]);
    expect(rig.refusals).toEqual([]);
    expect(rig.currentRefreshToken()).toBe('rt-2');
  });
});
