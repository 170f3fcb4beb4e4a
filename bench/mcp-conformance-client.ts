/**
 * The client the MCP conformance suite drives (`bench/mcp-conformance.ts`): colloquy's own MCP tool
 * pool, configured from the scenario's context as a user would write `mcp_servers` in endpoints.yml.
 * Arguments: the server URL (appended by the suite); env `MCP_CONFORMANCE_CONTEXT` (credentials).
 * @module
 */
import { pino } from 'pino';
import { createMcpToolPool } from '../src/adapters/mcp/create-tool-client.ts';
import type { ClientAuth } from '../src/core/assistant.ts';

interface Context {
  readonly client_id?: string;
  readonly client_secret?: string;
  readonly private_key_pem?: string;
  readonly signing_algorithm?: string;
}

const url = process.argv.at(-1);
if (!url?.startsWith('http')) throw new Error('usage: mcp-conformance-client.ts <server-url>');
const context = JSON.parse(process.env.MCP_CONFORMANCE_CONTEXT ?? '{}') as Context;
const auth: ClientAuth | undefined = context.client_id
  ? {
      type: 'oauth',
      clientId: context.client_id,
      ...(context.client_secret ? { clientSecret: context.client_secret } : {}),
      ...(context.private_key_pem ? { privateKey: context.private_key_pem, signingAlgorithm: context.signing_algorithm ?? 'ES256' } : {}),
    }
  : undefined;

const pool = createMcpToolPool([{ name: 'scenario', url, type: 'http', ...(auth ? { auth } : {}) }], pino({ level: 'silent' }), { callTimeoutMs: 10_000 });
try {
  const tools = await pool.listTools('scenario');
  const tool = tools.find((t) => t.name === 'add_numbers') ?? tools[0];
  if (tool) await pool.callTool('scenario', tool.name, tool.name === 'add_numbers' ? { a: 2, b: 3 } : {});
} finally {
  await pool.close();
}
