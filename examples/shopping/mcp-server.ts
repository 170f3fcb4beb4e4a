/**
 * The shopping assistant's MCP server (streamable HTTP on 127.0.0.1, at `/` and `/mcp`), built
 * with the SDK's `McpServer`. Used by the example's e2e suite and by colloquy's own MCP tests.
 *
 * Run it: `npx tsx examples/shopping/mcp-server.ts --port 8765` (or `PORT=8765`).
 * @module
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pathToFileURL } from 'node:url';
import { McpServer } from '@modelcontextprotocol/sdk/server/mcp.js';
import { StreamableHTTPServerTransport } from '@modelcontextprotocol/sdk/server/streamableHttp.js';
import { isInitializeRequest, type CallToolResult } from '@modelcontextprotocol/sdk/types.js';
import { z } from 'zod';

export interface ShoppingServerOptions {
  /** 0 (default) = a free port. */
  readonly port?: number;
  readonly host?: string;
  /** Rejects requests with 401 unless this returns true for their headers. */
  readonly authorize?: (headers: IncomingMessage['headers']) => boolean;
  /** Delay before every tool answers (ms), for timeout tests. */
  readonly toolDelayMs?: number;
}

export interface RecordedCall {
  readonly tool: string;
  readonly arguments: Record<string, unknown>;
  readonly meta: Record<string, unknown> | undefined;
}

export interface ShoppingServer {
  /** The endpoint, `http://127.0.0.1:<port>/mcp`. */
  readonly url: string;
  readonly port: number;
  /** Every `tools/call`, in order. */
  readonly calls: RecordedCall[];
  /** Sessions initialised so far (a reused pool session keeps this at 1). */
  readonly initializations: () => number;
  /** Registers a tool on every session (sends `notifications/tools/list_changed`). */
  addTool(name: string, description: string, reply: (args: Record<string, unknown>) => string): void;
  close(): Promise<void>;
}

interface Product {
  readonly id: string;
  readonly name: string;
  readonly category: string;
  readonly price: number;
}

const CATALOGUE: readonly Product[] = [
  { id: 'P-100', name: 'Trail running shoes', category: 'shoes', price: 89 },
  { id: 'P-101', name: 'Road running shoes', category: 'shoes', price: 120 },
  { id: 'P-200', name: 'Rain jacket', category: 'jackets', price: 150 },
  { id: 'P-201', name: 'Down jacket', category: 'jackets', price: 240 },
  { id: 'P-300', name: 'Wool socks', category: 'socks', price: 15 },
];

function structured(content: Record<string, unknown>): CallToolResult {
  return { content: [{ type: 'text', text: JSON.stringify(content) }], structuredContent: content };
}

export async function startShoppingMcpServer(options: ShoppingServerOptions = {}): Promise<ShoppingServer> {
  const calls: RecordedCall[] = [];
  let sessions = new Map<string, StreamableHTTPServerTransport>();
  const servers = new Set<McpServer>();
  const extraTools: { name: string; description: string; reply: (args: Record<string, unknown>) => string }[] = [];
  let initializations = 0;
  let orders = 0;

  const pause = () => (options.toolDelayMs ? new Promise((r) => setTimeout(r, options.toolDelayMs)) : Promise.resolve());

  function registerExtra(server: McpServer, tool: (typeof extraTools)[number]): void {
    server.registerTool(tool.name, { description: tool.description, inputSchema: { text: z.string().optional() } }, async (args) => ({
      content: [{ type: 'text', text: tool.reply(args) }],
    }));
  }

  function buildServer(): McpServer {
    const server = new McpServer({ name: 'shopping', version: '1.0.0' }, { capabilities: { tools: { listChanged: true } } });
    server.registerTool(
      'search_products',
      {
        description: 'Searches the catalogue. Returns matching products with id, name and price.',
        inputSchema: { query: z.string().describe('words to look for, e.g. "running shoes"'), max_price: z.number().optional() },
        outputSchema: { products: z.array(z.object({ id: z.string(), name: z.string(), price: z.number() })) },
      },
      async ({ query, max_price }) => {
        await pause();
        const words = query.toLowerCase().split(/\s+/).filter(Boolean);
        const products = CATALOGUE.filter((p) => words.some((w) => `${p.name} ${p.category}`.toLowerCase().includes(w.replace(/s$/, ''))))
          .filter((p) => max_price === undefined || p.price <= max_price)
          .map(({ id, name, price }) => ({ id, name, price }));
        return structured({ products });
      },
    );
    server.registerTool(
      'place_order',
      {
        description: 'Places an order for a product.',
        inputSchema: { product_id: z.string(), quantity: z.number().int().positive() },
        outputSchema: { order: z.object({ order_id: z.string(), status: z.string(), total: z.number() }) },
      },
      async ({ product_id, quantity }) => {
        await pause();
        const product = CATALOGUE.find((p) => p.id === product_id);
        if (!product) return { content: [{ type: 'text', text: `unknown product ${product_id}` }], isError: true };
        return structured({ order: { order_id: `ORD-${++orders}`, status: 'confirmed', total: product.price * quantity } });
      },
    );
    server.registerTool(
      'get_order_status',
      { description: 'Tells the status of an order.', inputSchema: { order_id: z.string() } },
      async ({ order_id }) => ({ content: [{ type: 'text', text: `Order ${order_id} is on its way.` }] }),
    );
    server.registerTool(
      'reset_sessions',
      { description: 'Test hook: forgets every session, as a server restart does.', inputSchema: {} },
      async () => {
        // After this answer is sent: old session ids then get 404, like after a restart.
        setImmediate(() => (sessions = new Map()));
        return { content: [{ type: 'text', text: 'sessions reset' }] };
      },
    );
    for (const tool of extraTools) registerExtra(server, tool);
    servers.add(server);
    return server;
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const path = (req.url ?? '/').split('?')[0];
    if (path !== '/' && path !== '/mcp') return reply(res, 404, { error: 'not found' });
    if (options.authorize && !options.authorize(req.headers)) return reply(res, 401, { error: 'unauthorized' });
    const body = req.method === 'POST' ? await readJson(req) : undefined;
    recordCalls(body);
    const sid = req.headers['mcp-session-id'];
    let transport = typeof sid === 'string' ? sessions.get(sid) : undefined;
    if (!transport) {
      if (req.method !== 'POST' || !isInitializeRequest(body)) {
        return reply(res, sid ? 404 : 400, { jsonrpc: '2.0', error: { code: -32000, message: 'No valid session' }, id: null });
      }
      const created: StreamableHTTPServerTransport = new StreamableHTTPServerTransport({
        sessionIdGenerator: () => randomUUID(),
        onsessioninitialized: (id) => {
          initializations++;
          sessions.set(id, created);
        },
      });
      const server = buildServer();
      created.onclose = () => {
        if (created.sessionId) sessions.delete(created.sessionId);
        servers.delete(server);
      };
      await server.connect(created);
      transport = created;
    }
    await transport.handleRequest(req, res, body);
  }

  function recordCalls(body: unknown): void {
    for (const message of Array.isArray(body) ? body : [body]) {
      const m = message as { method?: string; params?: { name?: string; arguments?: Record<string, unknown>; _meta?: Record<string, unknown> } } | undefined;
      if (m?.method === 'tools/call' && m.params?.name) calls.push({ tool: m.params.name, arguments: m.params.arguments ?? {}, meta: m.params._meta });
    }
  }

  const http = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      if (!res.headersSent) reply(res, 500, { error: String(error) });
    });
  });
  const host = options.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    http.once('error', reject);
    http.listen(options.port ?? 0, host, () => resolve());
  });
  const { port } = http.address() as AddressInfo;
  return {
    url: `http://${host}:${port}/mcp`,
    port,
    calls,
    initializations: () => initializations,
    addTool(name, description, replyText) {
      const tool = { name, description, reply: replyText };
      extraTools.push(tool);
      for (const server of servers) registerExtra(server, tool);
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const t of sessions.values()) void t.close();
        http.close(() => resolve());
        http.closeAllConnections();
      }),
  };
}

function reply(res: ServerResponse, status: number, payload: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(payload));
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of req) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString('utf8');
  return text ? JSON.parse(text) : undefined;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const flag = process.argv.indexOf('--port');
  const port = Number(flag >= 0 ? process.argv[flag + 1] : (process.env.PORT ?? 8765));
  const server = await startShoppingMcpServer({ port });
  console.log(`shopping MCP server on ${server.url}`);
  const stop = () => void server.close().then(() => process.exit(0));
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
}
