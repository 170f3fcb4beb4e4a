/**
 * endpoints.yml `tracing.detail` (colloquy's key): which phases of a turn get a span. Read by the
 * validator and the tracing adapter.
 * @module
 */

/** `all` (default): a span per phase; `calls`: the turn, and the phases that call out of the process (LLM, action server, MCP, agents). */
export const TRACING_DETAILS = ['all', 'calls'] as const;
export type TracingDetail = (typeof TRACING_DETAILS)[number];
