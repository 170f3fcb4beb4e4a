/**
 * Evaluates the `output` mapping of a direct MCP tool step: each `value` is a Jinja expression
 * over `result` (the CallToolResult as JSON), e.g. `result.structuredContent.order_id`.
 * @module
 */
import nunjucks from 'nunjucks';
import type { ToolMapping } from '../core/flows.ts';

// No loader, no globals: templates see only `result`.
const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });

export class ToolOutputMappingError extends Error {
  readonly code = 'tool_output_mapping';
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolOutputMappingError';
  }
}

/** Slot values from the mapping. Lists and objects are JSON-stringified, as Rasa does before setting slots. */
export function evaluateToolOutput(mapping: ToolMapping, result: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const slots: Record<string, unknown> = {};
  for (const { slot, value } of mapping.output) {
    let rendered: string;
    try {
      rendered = env.renderString(`{{ (${value}) | dump }}`, { result });
    } catch (error) {
      throw new ToolOutputMappingError(`output expression '${value}' for slot '${slot}' failed: ${(error as Error).message}`, { cause: error });
    }
    const parsed: unknown = rendered === '' ? null : JSON.parse(rendered);
    slots[slot] = parsed !== null && typeof parsed === 'object' ? JSON.stringify(parsed) : parsed;
  }
  return slots;
}
