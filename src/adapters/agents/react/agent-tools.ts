/**
 * The tools a ReAct sub-agent offers its LLM: the filtered MCP tools of its connections (first
 * server wins on duplicate names), custom tools from its module, and the built-ins —
 * `task_completed` (general-purpose agents) or `set_slot_<name>` (task-specific agents).
 * @module
 */
import type { AgentSlot } from '../../../core/agent-io.ts';
import type { SubAgentConfig } from '../../../core/assistant.ts';
import type { McpToolPool } from '../../mcp/create-tool-client.ts';
import type { CustomTool, CustomToolContext } from './customization.ts';

export const TASK_COMPLETED = 'task_completed';
export const SET_SLOT_PREFIX = 'set_slot_';

export type AgentToolKind = 'mcp' | 'custom' | 'set_slot' | 'task_completed';

export interface AgentTool {
  readonly name: string;
  readonly kind: AgentToolKind;
  readonly description: string;
  /** JSON schema (`type: object`) of the arguments. */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** Runs the tool; the raw result (kept in `structured_results`) and the text the LLM sees. Throws on failure. */
  run(args: Record<string, unknown>): Promise<{ readonly raw: unknown; readonly text: string }>;
}

export class ToolFailure extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'ToolFailure';
  }
}

export interface ToolSetContext {
  readonly agent: SubAgentConfig;
  readonly pool: McpToolPool | undefined;
  readonly custom: readonly CustomTool[];
  readonly customContext: CustomToolContext;
  /** Slots of the exit conditions to offer `set_slot_` tools for; none ⇒ general-purpose (`task_completed`). */
  readonly exitSlots: readonly AgentSlot[];
  /** Receives `set_slot_` values. */
  readonly onSlotSet: (name: string, value: unknown) => void;
  readonly toolTimeoutMs?: number;
  /** The conversation's slots, for the MCP servers' `meta_map`. */
  readonly conversationSlots: Readonly<Record<string, unknown>>;
}

/** Longest tool result text the LLM sees; the middle of longer ones is cut. */
const MAX_TOOL_TEXT = 8_000;
const EMPTY_OBJECT_SCHEMA = { type: 'object', properties: {} } as const;

export async function buildAgentTools(ctx: ToolSetContext): Promise<Map<string, AgentTool>> {
  const tools = new Map<string, AgentTool>();
  const add = (tool: AgentTool) => {
    if (!tools.has(tool.name)) tools.set(tool.name, tool);
  };
  for (const connection of ctx.agent.mcpServers) {
    if (!ctx.pool) throw new ToolFailure(`sub-agent '${ctx.agent.name}' needs MCP server '${connection.name}', but no MCP servers are configured`);
    const include = connection.includeTools ? new Set(connection.includeTools) : undefined;
    const exclude = new Set(connection.excludeTools ?? []);
    for (const tool of await ctx.pool.listTools(connection.name)) {
      if ((include && !include.has(tool.name)) || exclude.has(tool.name)) continue;
      add(mcpTool(ctx, connection.name, tool.name, tool.description ?? '', tool.inputSchema));
    }
  }
  for (const tool of ctx.custom) add(customTool(tool, ctx.customContext));
  if (ctx.exitSlots.length === 0) add(taskCompletedTool());
  for (const slot of ctx.exitSlots) add(setSlotTool(slot, ctx.onSlotSet));
  return tools;
}

function mcpTool(ctx: ToolSetContext, server: string, name: string, description: string, inputSchema: Readonly<Record<string, unknown>>): AgentTool {
  const pool = ctx.pool!;
  return {
    name,
    kind: 'mcp',
    description,
    parameters: inputSchema,
    async run(args) {
      const { result } = await pool.callTool(server, name, args, { slots: ctx.conversationSlots, ...(ctx.toolTimeoutMs ? { timeoutMs: ctx.toolTimeoutMs } : {}) });
      const text = toolResultText(result);
      if (result.isError === true) throw new ToolFailure(`tool '${name}' on MCP server '${server}' returned an error: ${text.slice(0, 300)}`);
      return { raw: result, text };
    },
  };
}

function customTool(tool: CustomTool, context: CustomToolContext): AgentTool {
  return {
    name: tool.name,
    kind: 'custom',
    description: tool.description,
    parameters: tool.parameters,
    async run(args) {
      const raw: unknown = await tool.execute(args, context);
      return { raw, text: capText(typeof raw === 'string' ? raw : JSON.stringify(raw ?? null)) };
    },
  };
}

function taskCompletedTool(): AgentTool {
  return {
    name: TASK_COMPLETED,
    kind: 'task_completed',
    description: "Call this when the user's request has been fully handled. Write your closing message to the user in the same response.",
    parameters: EMPTY_OBJECT_SCHEMA,
    run: async () => ({ raw: null, text: 'task completed' }),
  };
}

function setSlotTool(slot: AgentSlot, onSlotSet: (name: string, value: unknown) => void): AgentTool {
  const values = slot.allowed_values?.length ? ` Allowed values: ${slot.allowed_values.join(', ')}.` : '';
  return {
    name: `${SET_SLOT_PREFIX}${slot.name}`,
    kind: 'set_slot',
    description: `Records the value of '${slot.name}' (type ${slot.type}) once the user has settled on it.${values}`,
    parameters: { type: 'object', properties: { slot_value: { type: 'string', description: `the value of ${slot.name}` } }, required: ['slot_value'] },
    async run(args) {
      const value = slotValue(args.slot_value, slot.type);
      onSlotSet(slot.name, value);
      return { raw: { [slot.name]: value }, text: `${slot.name} set to ${JSON.stringify(value)}` };
    },
  };
}

/** The LLM speaks strings: "true"/"false" become booleans, numbers become numbers for float slots. */
export function slotValue(raw: unknown, type: string): unknown {
  if (typeof raw !== 'string') return raw ?? null;
  const trimmed = raw.trim();
  const lowered = trimmed.toLowerCase();
  if (lowered === 'true' || lowered === 'false') return lowered === 'true';
  if (lowered === 'null' || lowered === 'none') return null;
  if ((type === 'float' || type === 'integer') && trimmed !== '' && Number.isFinite(Number(trimmed))) return Number(trimmed);
  return trimmed;
}

/** What the LLM sees of a CallToolResult: its text parts (structured content when there are none). */
export function toolResultText(result: Readonly<Record<string, unknown>>): string {
  const content = Array.isArray(result.content) ? (result.content as { type?: string; text?: string }[]) : [];
  const texts = content.filter((c) => c.type === 'text' && typeof c.text === 'string').map((c) => c.text as string);
  const text = texts.length > 0 ? texts.join('\n') : JSON.stringify(result.structuredContent ?? content);
  return capText(text);
}

function capText(text: string): string {
  if (text.length <= MAX_TOOL_TEXT) return text;
  const half = MAX_TOOL_TEXT / 2;
  return `${text.slice(0, half)}\n…[${text.length - MAX_TOOL_TEXT} characters cut]…\n${text.slice(-half)}`;
}
