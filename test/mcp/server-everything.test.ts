import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createMcpToolPool, type McpToolPool } from '../../src/adapters/mcp/create-tool-client.ts';
import { captureLogger } from './log-capture.ts';
import { startEverything, type EverythingServer } from './server-everything.ts';

describe('MCP tool pool against server-everything (streamable HTTP)', () => {
  let server: EverythingServer;
  let pool: McpToolPool;

  beforeAll(async () => {
    server = await startEverything('streamableHttp');
    pool = createMcpToolPool([{ name: 'everything', url: server.url, type: 'http' }], captureLogger().logger);
  });
  afterAll(async () => {
    await pool.close();
    await server.stop();
  });

  it('lists its tools', async () => {
    const names = (await pool.listTools('everything')).map((t) => t.name);
    expect(names).toEqual(expect.arrayContaining(['echo', 'get-sum', 'get-structured-content']));
  });

  it('calls echo and get-sum', async () => {
    expect((await pool.callTool('everything', 'echo', { message: 'hi' })).result.content).toEqual([{ type: 'text', text: 'Echo: hi' }]);
    const sum = await pool.callTool('everything', 'get-sum', { a: 2, b: 40 });
    expect(JSON.stringify(sum.result.content)).toContain('42');
  });

  it('returns structured content validated against the output schema', async () => {
    const { result } = await pool.callTool('everything', 'get-structured-content', { location: 'Chicago' });
    expect(result.structuredContent).toMatchObject({ temperature: expect.any(Number), conditions: expect.any(String), humidity: expect.any(Number) });
  });

  it('reports bad arguments as an isError result', async () => {
    const { result } = await pool.callTool('everything', 'get-sum', { a: 'two' });
    expect(result.isError).toBe(true);
  });

  it('reconnects after the server process restarted', async () => {
    await pool.callTool('everything', 'echo', { message: 'before' });
    const port = server.port;
    await server.stop();
    server = await startEverything('streamableHttp', port);
    expect((await pool.callTool('everything', 'echo', { message: 'after' })).result.content).toEqual([{ type: 'text', text: 'Echo: after' }]);
  });
});

describe('MCP tool pool against server-everything (SSE)', () => {
  it('calls echo over the SSE transport', async () => {
    const server = await startEverything('sse');
    const pool = createMcpToolPool([{ name: 'legacy', url: server.url, type: 'sse' }], captureLogger().logger);
    try {
      expect((await pool.callTool('legacy', 'echo', { message: 'old' })).result.content).toEqual([{ type: 'text', text: 'Echo: old' }]);
    } finally {
      await pool.close();
      await server.stop();
    }
  });
});
