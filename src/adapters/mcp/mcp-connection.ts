/**
 * One pooled MCP session per configured server: lazy connect, a cached tool list refreshed on
 * `notifications/tools/list_changed`, and one reconnect-and-retry when the session went stale
 * (server restarted → 404, dropped connection) — the SDK never re-initialises by itself.
 * @module
 */
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { SSEClientTransport } from '@modelcontextprotocol/sdk/client/sse.js';
import { StreamableHTTPClientTransport, StreamableHTTPError } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import type { FetchLike, Transport } from '@modelcontextprotocol/sdk/shared/transport.js';
import { ErrorCode, McpError, ToolListChangedNotificationSchema, type CallToolResult, type Tool } from '@modelcontextprotocol/sdk/types.js';
import type { McpServerConfig } from '../../core/assistant.ts';
import { authorizingFetch } from '../auth/authorizing-fetch.ts';
import type { ClientAuthHeaders } from '../auth/client-auth-headers.ts';
import { OAuthTokenError } from '../auth/oauth-token-source.ts';
import { withTraceContext } from '../tracing/trace-headers.ts';
import { McpToolError } from './mcp-errors.ts';

export interface CallOptions {
  readonly meta?: Readonly<Record<string, unknown>>;
  readonly timeoutMs: number;
  readonly signal?: AbortSignal;
}

const CLIENT_INFO = { name: 'colloquy', version: '0.1.0' };

export class McpConnection {
  readonly #config: McpServerConfig;
  readonly #auth: ClientAuthHeaders | undefined;
  readonly #connectTimeoutMs: number;
  #client: Promise<Client> | undefined;
  #tools: Promise<ReadonlyMap<string, Tool>> | undefined;

  constructor(config: McpServerConfig, auth: ClientAuthHeaders | undefined, connectTimeoutMs: number) {
    this.#config = config;
    this.#auth = auth;
    this.#connectTimeoutMs = connectTimeoutMs;
  }

  get name(): string {
    return this.#config.name;
  }

  /** The server's tools by name, from cache unless `refresh`. */
  async tools(refresh = false): Promise<ReadonlyMap<string, Tool>> {
    if (refresh) this.#tools = undefined;
    this.#tools ??= this.#withReconnect((client) => listAllTools(client, this.#connectTimeoutMs));
    try {
      return await this.#tools;
    } catch (error) {
      this.#tools = undefined;
      throw error;
    }
  }

  async callTool(name: string, args: Readonly<Record<string, unknown>>, options: CallOptions): Promise<CallToolResult> {
    const params = { name, arguments: { ...args }, ...(options.meta && Object.keys(options.meta).length > 0 ? { _meta: { ...options.meta } } : {}) };
    try {
      return (await this.#withReconnect((client) => client.callTool(params, undefined, { timeout: options.timeoutMs, ...(options.signal ? { signal: options.signal } : {}) }))) as CallToolResult;
    } catch (error) {
      if (error instanceof McpError && error.code === ErrorCode.RequestTimeout) {
        throw new McpToolError('timeout', `tool '${name}' on MCP server '${this.name}' timed out after ${options.timeoutMs} ms`, { cause: error });
      }
      throw error;
    }
  }

  async close(): Promise<void> {
    const client = this.#client;
    this.#client = undefined;
    this.#tools = undefined;
    if (client) await client.then((c) => c.close()).catch(() => {});
  }

  /** Runs `op` on the session; on a transport-level failure, opens a new session and runs it once more. */
  async #withReconnect<T>(op: (client: Client) => Promise<T>): Promise<T> {
    for (let attempt = 1; ; attempt++) {
      try {
        return await op(await this.#connected());
      } catch (error) {
        if (isRefused(error)) throw this.#refused(error);
        if (!isSessionFailure(error)) throw error;
        await this.close();
        if (attempt === 2) throw new McpToolError('unavailable', `MCP server '${this.name}' at ${this.#config.url} is unavailable: ${describe(error)}`, { cause: error });
      }
    }
  }

  /** Credentials refused, or no token to be had: a fresh session cannot help, so this is final. */
  #refused(error: unknown): McpToolError {
    const reason = error instanceof OAuthTokenError ? error.message : `HTTP ${(error as StreamableHTTPError).code}`;
    const credentials = this.#config.auth ? `the configured ${this.#config.auth.type} credentials` : 'the request without credentials';
    return new McpToolError('unauthorized', `MCP server '${this.name}' at ${this.#config.url} refused ${credentials}: ${reason}`, { cause: error });
  }

  #connected(): Promise<Client> {
    if (!this.#client) {
      const connecting = this.#connect();
      this.#client = connecting;
      connecting.catch(() => {
        if (this.#client === connecting) this.#client = undefined;
      });
    }
    return this.#client;
  }

  async #connect(): Promise<Client> {
    const client = new Client(CLIENT_INFO);
    client.setNotificationHandler(ToolListChangedNotificationSchema, async () => {
      this.#tools = undefined;
    });
    await client.connect(this.#transport(), { timeout: this.#connectTimeoutMs });
    return client;
  }

  #transport(): Transport {
    const url = new URL(this.#config.url);
    // Headers per request rather than per session, so refreshed OAuth tokens apply at once.
    const traced: typeof fetch = (input, init) => fetch(input, { ...init, headers: withTraceContext(init?.headers) });
    const fetchWithAuth: FetchLike = this.#auth ? authorizingFetch(traced, this.#auth) : traced;
    return this.#config.type === 'sse' ? new SSEClientTransport(url, { fetch: fetchWithAuth }) : new StreamableHTTPClientTransport(url, { fetch: fetchWithAuth });
  }
}

async function listAllTools(client: Client, timeoutMs: number): Promise<ReadonlyMap<string, Tool>> {
  const tools = new Map<string, Tool>();
  let cursor: string | undefined;
  do {
    const page = await client.listTools(cursor ? { cursor } : undefined, { timeout: timeoutMs });
    for (const tool of page.tools) tools.set(tool.name, tool);
    cursor = page.nextCursor;
  } while (cursor);
  return tools;
}

/** Errors of the session or the wire (not of the tool): worth a fresh session. */
function isSessionFailure(error: unknown): boolean {
  if (error instanceof McpToolError) return false;
  if (error instanceof McpError) return error.code === ErrorCode.ConnectionClosed;
  return true;
}

/** The server refused the credentials (after the challenge was answered), or no token could be had. */
function isRefused(error: unknown): boolean {
  if (error instanceof StreamableHTTPError) return error.code === 401 || error.code === 403;
  for (let e: unknown = error; e instanceof Error; e = e.cause) if (e instanceof OAuthTokenError) return true;
  return false;
}

function describe(error: unknown): string {
  if (error instanceof TypeError && error.cause instanceof Error) return `${error.message} (${error.cause.message})`;
  return error instanceof Error ? error.message : String(error);
}
