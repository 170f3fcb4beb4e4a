/**
 * Calls MCP tools for direct `call: <tool>` steps and for ReAct agents.
 * @module
 */

export interface ToolCallResult {
  /** The MCP `CallToolResult` as plain JSON (`content`, `structuredContent`, `isError`). */
  readonly result: Readonly<Record<string, unknown>>;
}

export interface ToolCallOptions {
  /** Extra `_meta` entries for `tools/call` (on top of the server's `meta_map`). */
  readonly meta?: Readonly<Record<string, unknown>>;
  /** The conversation's slots, for `meta_map.from_slots`. */
  readonly slots?: Readonly<Record<string, unknown>>;
  /** Overrides the client's default per-call timeout (ms). */
  readonly timeoutMs?: number;
  readonly signal?: AbortSignal;
}

export interface ToolClient {
  /** Rejects when the server is unknown or down, the tool does not exist, or the call times out. */
  callTool(server: string, tool: string, args: Readonly<Record<string, unknown>>, options?: ToolCallOptions): Promise<ToolCallResult>;
  close(): Promise<void>;
}
