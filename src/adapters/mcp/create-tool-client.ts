/**
 * The MCP `ToolClient`: a pool with one session per server of endpoints.yml `mcp_servers`.
 * @module
 */
import type { Tool } from '@modelcontextprotocol/sdk/types.js';
import type { Logger } from 'pino';
import type { Assistant, McpServerConfig } from '../../core/assistant.ts';
import type { ToolCallOptions, ToolCallResult, ToolClient } from '../../ports/tool-client.ts';
import { clientAuthHeaders } from '../auth/client-auth-headers.ts';
import { McpConnection } from './mcp-connection.ts';
import { McpToolError } from './mcp-errors.ts';
import { toolCallMeta } from './mcp-meta.ts';

/** A tool as an agent's LLM sees it. */
export interface McpToolInfo {
  readonly name: string;
  readonly description?: string;
  /** JSON schema of the arguments. */
  readonly inputSchema: Readonly<Record<string, unknown>>;
}

export interface McpToolPool extends ToolClient {
  /** Tools of one server (cached; refreshed after `notifications/tools/list_changed`). */
  listTools(server: string): Promise<readonly McpToolInfo[]>;
  /** Configured server names. */
  readonly servers: readonly string[];
}

export interface McpPoolOptions {
  /** Per-call timeout unless the call gives one (default 30 s). */
  readonly callTimeoutMs?: number;
  /** Connect and `tools/list` timeout (default 10 s). */
  readonly connectTimeoutMs?: number;
}

const DEFAULT_CALL_TIMEOUT_MS = 30_000;
const DEFAULT_CONNECT_TIMEOUT_MS = 10_000;

/** The pool for an assistant's `mcp_servers`. Connects lazily: creating it does no I/O. */
export function createToolClient(assistant: Assistant, logger: Logger, options: McpPoolOptions = {}): McpToolPool {
  return createMcpToolPool(assistant.endpoints.mcpServers, logger, options);
}

export function createMcpToolPool(servers: readonly McpServerConfig[], logger: Logger, options: McpPoolOptions = {}): McpToolPool {
  const log = logger.child({ component: 'mcp' });
  const callTimeoutMs = options.callTimeoutMs ?? DEFAULT_CALL_TIMEOUT_MS;
  const connectTimeoutMs = options.connectTimeoutMs ?? DEFAULT_CONNECT_TIMEOUT_MS;
  const configs = new Map(servers.map((s) => [s.name, s]));
  const connections = new Map(servers.map((s) => [s.name, new McpConnection(s, clientAuthHeaders(s.auth, { resourceServer: s.url }), connectTimeoutMs)]));

  function connection(server: string): McpConnection {
    const found = connections.get(server);
    if (!found) {
      const known = [...connections.keys()].join(', ') || 'none';
      throw new McpToolError('unknown_server', `MCP server '${server}' is not configured in endpoints.yml mcp_servers (configured: ${known})`);
    }
    return found;
  }

  async function verifiedTool(conn: McpConnection, tool: string): Promise<Tool> {
    // A tool missing from the cache may have been added since: look once more before giving up.
    const found = (await conn.tools()).get(tool) ?? (await conn.tools(true)).get(tool);
    if (!found) throw new McpToolError('unknown_tool', `tool '${tool}' not found on MCP server '${conn.name}'`);
    return found;
  }

  return {
    servers: [...connections.keys()],

    async callTool(server: string, tool: string, args: Readonly<Record<string, unknown>>, callOptions: ToolCallOptions = {}): Promise<ToolCallResult> {
      const started = performance.now();
      const meta = toolCallMeta(configs.get(server)?.metaMap, callOptions.slots, callOptions.meta);
      if (log.isLevelEnabled('debug')) log.debug({ server, tool, arguments: args, metaKeys: Object.keys(meta) }, 'mcp tool call');
      try {
        const conn = connection(server);
        await verifiedTool(conn, tool);
        const result = await conn.callTool(tool, args, { meta, timeoutMs: callOptions.timeoutMs ?? callTimeoutMs, ...(callOptions.signal ? { signal: callOptions.signal } : {}) });
        const outcome = result.isError === true ? 'is_error' : 'ok';
        log.info({ server, tool, ms: elapsed(started), outcome }, 'mcp tool call done');
        return { result: result as unknown as Record<string, unknown> };
      } catch (error) {
        log.warn({ server, tool, ms: elapsed(started), outcome: 'error', reason: (error as Error).message }, 'mcp tool call failed');
        throw error;
      }
    },

    async listTools(server: string): Promise<readonly McpToolInfo[]> {
      const tools = await connection(server).tools();
      return [...tools.values()].map((t) => ({ name: t.name, ...(t.description ? { description: t.description } : {}), inputSchema: t.inputSchema }));
    },

    async close(): Promise<void> {
      await Promise.all([...connections.values()].map((c) => c.close()));
    },
  };
}

function elapsed(started: number): number {
  return Math.round((performance.now() - started) * 10) / 10;
}
