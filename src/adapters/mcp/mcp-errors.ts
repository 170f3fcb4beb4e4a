/**
 * Why an MCP tool call failed, in words a log reader (and pattern_internal_error) can act on.
 * @module
 */

export type McpErrorKind = 'unknown_server' | 'unknown_tool' | 'unavailable' | 'unauthorized' | 'timeout' | 'protocol';

export class McpToolError extends Error {
  constructor(
    readonly kind: McpErrorKind,
    message: string,
    options?: { cause?: unknown },
  ) {
    super(message, options);
    this.name = 'McpToolError';
  }
}
