/**
 * `meta_map` of an MCP server → the `_meta` of every `tools/call` (hidden from the LLM).
 * @module
 */
import type { McpServerConfig } from '../../core/assistant.ts';

/** Static entries, then slot values (unset slots are left out), then per-call extras. */
export function toolCallMeta(
  metaMap: McpServerConfig['metaMap'],
  slots: Readonly<Record<string, unknown>> | undefined,
  extra: Readonly<Record<string, unknown>> | undefined,
): Record<string, unknown> {
  const meta: Record<string, unknown> = { ...(metaMap?.static ?? {}) };
  for (const { slot, param } of metaMap?.fromSlots ?? []) {
    const value = slots?.[slot];
    if (value !== undefined && value !== null) meta[param] = value;
  }
  return { ...meta, ...(extra ?? {}) };
}
