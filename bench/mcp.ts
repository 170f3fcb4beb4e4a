/**
 * Overhead of the MCP tool pool's `callTool` over a bare SDK `client.callTool`, against the
 * shopping example's MCP server on 127.0.0.1, both on warm pooled sessions, interleaved in one run.
 * Target: < 2 ms added per call. Run: `npx tsx bench/mcp.ts [calls]`.
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import { pino } from 'pino';
import { startShoppingMcpServer } from '../examples/shopping/mcp-server.ts';
import { createMcpToolPool } from '../src/adapters/mcp/create-tool-client.ts';

const CALLS = Number(process.argv[2] ?? 500);
const WARMUP = 50;
const args = { order_id: 'ORD-1' };

const server = await startShoppingMcpServer();
// Info level, as in production: the per-call log line is part of the overhead.
const pool = createMcpToolPool([{ name: 'shop', url: server.url, type: 'http', metaMap: { static: { storefront: 'web' }, fromSlots: [] } }], pino({ level: 'info' }, pino.destination('/dev/null')));
const bare = new Client({ name: 'bench', version: '1.0.0' });
await bare.connect(new StreamableHTTPClientTransport(new URL(server.url)));

const viaPool = () => pool.callTool('shop', 'get_order_status', args, { slots: {} });
const viaSdk = () => bare.callTool({ name: 'get_order_status', arguments: args, _meta: { storefront: 'web' } });

for (let i = 0; i < WARMUP; i++) {
  await viaPool();
  await viaSdk();
}

const poolMs: number[] = [];
const sdkMs: number[] = [];
for (let i = 0; i < CALLS; i++) {
  // Interleaved, alternating who goes first, so drift on a noisy machine hits both alike.
  const order = i % 2 === 0 ? ([viaPool, viaSdk] as const) : ([viaSdk, viaPool] as const);
  for (const call of order) {
    const started = performance.now();
    await call();
    (call === viaPool ? poolMs : sdkMs).push(performance.now() - started);
  }
}

const stats = (xs: number[]) => {
  const sorted = [...xs].sort((a, b) => a - b);
  const at = (q: number) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]!;
  return { mean: xs.reduce((s, x) => s + x, 0) / xs.length, p50: at(0.5), p99: at(0.99) };
};
const p = stats(poolMs);
const s = stats(sdkMs);
const fmt = (n: number) => n.toFixed(3).padStart(8);
console.log(`MCP callTool, ${CALLS} calls each (ms)      mean      p50      p99`);
console.log(`bare SDK client.callTool          ${fmt(s.mean)} ${fmt(s.p50)} ${fmt(s.p99)}`);
console.log(`colloquy pool callTool            ${fmt(p.mean)} ${fmt(p.p50)} ${fmt(p.p99)}`);
const added = p.p50 - s.p50;
console.log(`added per call (p50): ${added.toFixed(3)} ms, ratio ${(p.p50 / s.p50).toFixed(2)}x — target < 2 ms: ${added < 2 ? 'OK' : 'MISSED'}`);

await bare.close();
await pool.close();
await server.close();
