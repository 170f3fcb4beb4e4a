/**
 * Project hooks for ReAct sub-agents (`configuration.module`): a TypeScript/JS file whose default
 * export is a class extending `ReactAgentCustomization`.
 *
 * ```ts
 * export default class extends ReactAgentCustomization {
 *   override processInput(input: AgentInput) { return { ...input, slots: input.slots.filter((s) => s.name !== 'secret') }; }
 *   override customTools() { return [{ name: 'today', description: 'today's date', parameters: { type: 'object', properties: {} }, execute: () => '2026-01-01' }]; }
 * }
 * ```
 * @module
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AgentInput, AgentOutput } from '../../../core/agent-io.ts';
import { importProjectModule } from '../../project-module.ts';

export interface CustomToolContext {
  readonly agentId: string;
  readonly input: AgentInput;
  /** The agent frame's metadata carried from earlier turns. */
  readonly metadata: Readonly<Record<string, unknown>>;
}

export interface CustomTool {
  readonly name: string;
  readonly description: string;
  /** JSON schema of the arguments (an `object` schema). */
  readonly parameters: Readonly<Record<string, unknown>>;
  /** The result is shown to the LLM (strings as they are, anything else as JSON). Throwing ends the agent with a fatal error. */
  execute(args: Record<string, unknown>, ctx: CustomToolContext): unknown;
}

/** Base class for `configuration.module`: override what you need. */
export class ReactAgentCustomization {
  constructor(readonly agentId: string) {}

  /** Adjusts the input before the loop (filter or add slots, metadata). */
  processInput(input: AgentInput): AgentInput | Promise<AgentInput> {
    return input;
  }

  /** Adjusts the result (e.g. turn `structured_results` into `slots`). */
  processOutput(output: AgentOutput): AgentOutput | Promise<AgentOutput> {
    return output;
  }

  /** Extra tools offered to the LLM next to the MCP tools. */
  customTools(): CustomTool[] {
    return [];
  }
}

type CustomizationClass = new (agentId: string) => ReactAgentCustomization;

/** Imports the module (project-relative path) and instantiates its default export. */
export async function loadCustomization(projectRoot: string, modulePath: string, agentId: string): Promise<ReactAgentCustomization> {
  const file = isAbsolute(modulePath) ? modulePath : resolve(projectRoot, modulePath);
  if (!existsSync(file)) throw new Error(`sub-agent '${agentId}': module '${modulePath}' not found (looked at ${file})`);
  const loaded = (await importProjectModule(file, projectRoot)) as { default?: unknown };
  const Exported = loaded.default;
  if (typeof Exported !== 'function') throw new Error(`sub-agent '${agentId}': module '${modulePath}' has no default export class`);
  const instance: unknown = new (Exported as CustomizationClass)(agentId);
  // Duck-typed: a project may import the base class through another path (its own copy of colloquy).
  const hooks = instance as Partial<ReactAgentCustomization>;
  if (typeof hooks.processInput !== 'function' || typeof hooks.processOutput !== 'function' || typeof hooks.customTools !== 'function') {
    throw new Error(`sub-agent '${agentId}': the default export of '${modulePath}' must extend ReactAgentCustomization`);
  }
  return instance as ReactAgentCustomization;
}
