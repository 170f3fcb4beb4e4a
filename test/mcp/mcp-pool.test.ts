import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startShoppingMcpServer, type ShoppingServer } from '../../examples/shopping/mcp-server.ts';
import { createMcpToolPool, type McpToolPool } from '../../src/adapters/mcp/create-tool-client.ts';
import type { ClientAuth, McpServerConfig } from '../../src/core/assistant.ts';
import { captureLogger } from './log-capture.ts';

const pools: McpToolPool[] = [];
const servers: ShoppingServer[] = [];

function pool(configs: McpServerConfig[], options = {}, logger = captureLogger().logger): McpToolPool {
  const p = createMcpToolPool(configs, logger, options);
  pools.push(p);
  return p;
}

async function shop(options: Parameters<typeof startShoppingMcpServer>[0] = {}): Promise<ShoppingServer> {
  const s = await startShoppingMcpServer(options);
  servers.push(s);
  return s;
}

const config = (url: string, extra: Partial<McpServerConfig> = {}): McpServerConfig => ({ name: 'shop', url, type: 'http', ...extra });

afterEach(async () => {
  await Promise.all(pools.splice(0).map((p) => p.close()));
  await Promise.all(servers.splice(0).map((s) => s.close()));
});

describe('MCP tool pool against the shopping server', () => {
  it('calls a tool and returns the CallToolResult with structured content', async () => {
    const server = await shop();
    const { result } = await pool([config(server.url)]).callTool('shop', 'place_order', { product_id: 'P-300', quantity: 2 });
    expect(result.structuredContent).toEqual({ order: { order_id: 'ORD-1', status: 'confirmed', total: 30 } });
    expect(result.isError).toBeFalsy();
  });

  it('reuses one session for many calls', async () => {
    const server = await shop();
    const p = pool([config(server.url)]);
    for (let i = 0; i < 5; i++) await p.callTool('shop', 'search_products', { query: 'socks' });
    expect(server.initializations()).toBe(1);
    expect(server.calls).toHaveLength(5);
  });

  it('re-initialises after the server restarted between calls', async () => {
    const first = await shop();
    const p = pool([config(first.url)]);
    await p.callTool('shop', 'search_products', { query: 'shoes' });
    await first.close();
    const second = await shop({ port: first.port });
    const { result } = await p.callTool('shop', 'search_products', { query: 'jacket' });
    expect((result.structuredContent as { products: unknown[] }).products).toHaveLength(2);
    expect(second.initializations()).toBe(1);
  });

  it('recovers from a stale session id (404)', async () => {
    const server = await shop();
    const p = pool([config(server.url)]);
    await p.callTool('shop', 'reset_sessions', {});
    await new Promise((r) => setImmediate(r));
    const { result } = await p.callTool('shop', 'get_order_status', { order_id: 'ORD-9' });
    expect(result.content).toEqual([{ type: 'text', text: 'Order ORD-9 is on its way.' }]);
    expect(server.initializations()).toBe(2);
  });

  it('names the tool and the server when the tool does not exist', async () => {
    const server = await shop();
    await expect(pool([config(server.url)]).callTool('shop', 'nope', {})).rejects.toThrow("tool 'nope' not found on MCP server 'shop'");
    expect(server.calls).toHaveLength(0);
  });

  it('rejects an unknown server and a server that is down', async () => {
    const p = pool([config('http://127.0.0.1:9/mcp', { name: 'down' })]);
    await expect(p.callTool('elsewhere', 'x', {})).rejects.toThrow("MCP server 'elsewhere' is not configured");
    await expect(p.callTool('down', 'x', {})).rejects.toThrow("MCP server 'down' at http://127.0.0.1:9/mcp is unavailable");
  });

  it('returns isError results as results', async () => {
    const server = await shop();
    const { result } = await pool([config(server.url)]).callTool('shop', 'place_order', { product_id: 'P-999', quantity: 1 });
    expect(result.isError).toBe(true);
    expect(result.content).toEqual([{ type: 'text', text: 'unknown product P-999' }]);
  });

  it('times out a slow call', async () => {
    const server = await shop({ toolDelayMs: 500 });
    const p = pool([config(server.url)], { callTimeoutMs: 100 });
    await expect(p.callTool('shop', 'search_products', { query: 'socks' })).rejects.toThrow("tool 'search_products' on MCP server 'shop' timed out after 100 ms");
    await expect(p.callTool('shop', 'search_products', { query: 'socks' }, { timeoutMs: 2000 })).resolves.toBeDefined();
  });

  it('refreshes the tool list on notifications/tools/list_changed', async () => {
    const server = await shop();
    const p = pool([config(server.url)]);
    const before = (await p.listTools('shop')).map((t) => t.name);
    expect(before).not.toContain('gift_wrap');
    server.addTool('gift_wrap', 'Wraps a gift.', () => 'wrapped');
    await expect.poll(async () => (await p.listTools('shop')).map((t) => t.name), { timeout: 3000 }).toContain('gift_wrap');
  });

  it('finds a tool added after the list was cached, even without a notification', async () => {
    const server = await shop();
    const p = pool([config(server.url)]);
    await p.listTools('shop');
    server.addTool('gift_wrap', 'Wraps a gift.', () => 'wrapped');
    const { result } = await p.callTool('shop', 'gift_wrap', {});
    expect(result.content).toEqual([{ type: 'text', text: 'wrapped' }]);
  });

  it('sends meta_map (static and from slots) as _meta', async () => {
    const server = await shop();
    const p = pool([config(server.url, { metaMap: { static: { tenant: 'acme' }, fromSlots: [{ slot: 'user_id', param: 'customer' }, { slot: 'unset', param: 'never' }] } })]);
    await p.callTool('shop', 'get_order_status', { order_id: 'ORD-1' }, { slots: { user_id: 'u-42', unset: null } });
    expect(server.calls[0]?.meta).toEqual({ tenant: 'acme', customer: 'u-42' });
  });

  it('logs name, duration and outcome; arguments only at debug level; never secrets', async () => {
    const server = await shop({ authorize: (h) => h['x-api-key'] === 'k-secret' });
    const info = captureLogger('info');
    const auth: ClientAuth = { type: 'api_key', apiKey: 'k-secret', headerName: 'X-API-Key', headerFormat: '{key}' };
    await pool([config(server.url, { auth })], {}, info.logger).callTool('shop', 'search_products', { query: 'secret-query' });
    const done = info.lines().find((l) => l.msg === 'mcp tool call done');
    expect(done).toMatchObject({ server: 'shop', tool: 'search_products', outcome: 'ok' });
    expect(typeof done?.ms).toBe('number');
    expect(info.text()).not.toContain('secret-query');
    expect(info.text()).not.toContain('k-secret');

    const debug = captureLogger('debug');
    await pool([config(server.url, { auth })], {}, debug.logger).callTool('shop', 'search_products', { query: 'secret-query' });
    expect(debug.text()).toContain('secret-query');
    expect(debug.text()).not.toContain('k-secret');
  });
});

describe('MCP auth', () => {
  let tokenServer: Server;
  let tokenUrl: string;
  let issued = 0;
  const tokenRequests: URLSearchParams[] = [];

  beforeAll(async () => {
    tokenServer = createServer((req, res) => {
      let body = '';
      req.on('data', (c) => (body += c));
      req.on('end', () => {
        const form = new URLSearchParams(body);
        tokenRequests.push(form);
        if (form.get('client_secret') !== 'cs') return void res.writeHead(401).end();
        res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ access_token: `tok-${++issued}`, expires_in: 3600 }));
      });
    });
    await new Promise<void>((r) => tokenServer.listen(0, '127.0.0.1', r));
    tokenUrl = `http://127.0.0.1:${(tokenServer.address() as AddressInfo).port}/token`;
  });
  afterAll(() => new Promise<void>((r) => tokenServer.close(() => r())));

  it('sends api_key with header_name and header_format', async () => {
    const server = await shop({ authorize: (h) => h.authorization === 'Key abc' });
    const auth: ClientAuth = { type: 'api_key', apiKey: 'abc', headerName: 'Authorization', headerFormat: 'Key {key}' };
    await expect(pool([config(server.url, { auth })]).callTool('shop', 'get_order_status', { order_id: '1' })).resolves.toBeDefined();
    const wrong: ClientAuth = { ...auth, apiKey: 'bad' };
    await expect(pool([config(server.url, { auth: wrong })]).callTool('shop', 'get_order_status', { order_id: '1' })).rejects.toThrow(/refused the configured api_key credentials: HTTP 401/);
  });

  it('sends a token as a bearer token', async () => {
    const server = await shop({ authorize: (h) => h.authorization === 'Bearer t-1' });
    await expect(pool([config(server.url, { auth: { type: 'token', token: 't-1' } })]).callTool('shop', 'get_order_status', { order_id: '1' })).resolves.toBeDefined();
  });

  it('fetches an OAuth client-credentials token once and caches it', async () => {
    const server = await shop({ authorize: (h) => /^Bearer tok-\d+$/.test(String(h.authorization)) });
    const auth: ClientAuth = { type: 'oauth', clientId: 'cid', clientSecret: 'cs', tokenUrl, scope: 'tools', audience: 'shop' };
    const p = pool([config(server.url, { auth })]);
    const before = tokenRequests.length;
    await p.callTool('shop', 'get_order_status', { order_id: '1' });
    await p.callTool('shop', 'get_order_status', { order_id: '2' });
    expect(tokenRequests.length - before).toBe(1);
    const form = tokenRequests.at(-1)!;
    expect(Object.fromEntries(form)).toEqual({ grant_type: 'client_credentials', client_id: 'cid', client_secret: 'cs', scope: 'tools', audience: 'shop', resource: server.url });
  });

  it('reports a rejected OAuth client', async () => {
    const server = await shop();
    const auth: ClientAuth = { type: 'oauth', clientId: 'cid', clientSecret: 'wrong', tokenUrl };
    await expect(pool([config(server.url, { auth })]).callTool('shop', 'get_order_status', { order_id: '1' })).rejects.toThrow(/answered HTTP 401; check the client credentials/);
  });
});
