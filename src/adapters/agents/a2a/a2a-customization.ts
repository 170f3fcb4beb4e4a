/**
 * Project hooks for A2A sub-agents (`configuration.module`, Rasa's `A2AAgent` subclass): a
 * TypeScript/JS module whose class extends `A2aAgentCustomization`.
 *
 * `module` is either a project-relative file (`sub_agents/shop/custom.ts`, default export, or
 * `sub_agents/shop/custom.ts#ShopAgent` for a named export) or Rasa's dotted form
 * (`sub_agents.shop.custom.ShopAgent` → `sub_agents/shop/custom.{ts,mts,js,mjs}`, export `ShopAgent`).
 *
 * ```ts
 * export default class extends A2aAgentCustomization {
 *   override processInput(input: AgentInput) { return { ...input, slots: input.slots.filter((s) => s.name !== 'pin') }; }
 *   override async processOutput(output: AgentOutput) {
 *     const base = await super.processOutput(output);
 *     return { ...base, slots: { ...base.slots, order_ref: String(base.slots?.order_id ?? '') } };
 *   }
 * }
 * ```
 * @module
 */
import { existsSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { AgentInput, AgentOutput } from '../../../core/agent-io.ts';
import { importProjectModule } from '../../project-module.ts';

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** Base class for `configuration.module`: override what you need. */
export class A2aAgentCustomization {
  /**
   * @param agentId the sub-agent's name
   * @param slotNames the domain's slots (the default `processOutput` only sets these)
   */
  constructor(
    readonly agentId: string,
    readonly slotNames: ReadonlySet<string> = new Set(),
  ) {}

  /** Adjusts the input before it is sent (filter slots, add metadata). */
  processInput(input: AgentInput): AgentInput | Promise<AgentInput> {
    return input;
  }

  /**
   * Default: when the task completed, keys of its DataParts (and of a `slots` object inside
   * one) that name domain slots become slot values.
   */
  processOutput(output: AgentOutput): AgentOutput | Promise<AgentOutput> {
    if (output.status !== 'completed') return output;
    const latest = output.structured_results?.at(-1);
    const slots: Record<string, unknown> = { ...output.slots };
    for (const item of Array.isArray(latest) ? latest : []) {
      if (!isRecord(item) || item.type !== 'data' || !isRecord(item.result)) continue;
      const nested = isRecord(item.result.slots) ? item.result.slots : {};
      for (const [key, value] of [...Object.entries(item.result), ...Object.entries(nested)]) if (this.slotNames.has(key)) slots[key] = value;
    }
    return Object.keys(slots).length > 0 ? { ...output, slots } : output;
  }
}

type CustomizationClass = new (agentId: string, slotNames: ReadonlySet<string>) => A2aAgentCustomization;

const EXTENSIONS = ['.ts', '.mts', '.js', '.mjs'];

/** File and export name of a `module` setting. */
export function locateModule(projectRoot: string, modulePath: string): { file: string; exportName: string } {
  const [pathPart, named] = modulePath.split('#') as [string, string | undefined];
  const direct = isAbsolute(pathPart) ? pathPart : resolve(projectRoot, pathPart);
  if (existsSync(direct) || /[/\\]/.test(pathPart)) return { file: direct, exportName: named ?? 'default' };
  const segments = pathPart.split('.');
  const exportName = segments.pop() ?? 'default';
  const base = resolve(projectRoot, ...segments);
  const file = EXTENSIONS.map((ext) => base + ext).find((f) => existsSync(f)) ?? `${base}.ts`;
  return { file, exportName };
}

/** Imports the module and instantiates its class. */
export async function loadA2aCustomization(projectRoot: string, modulePath: string, agentId: string, slotNames: ReadonlySet<string>): Promise<A2aAgentCustomization> {
  const { file, exportName } = locateModule(projectRoot, modulePath);
  if (!existsSync(file)) throw new Error(`sub-agent '${agentId}': module '${modulePath}' not found (looked at ${file})`);
  const loaded = await importProjectModule(file, projectRoot);
  const Exported = loaded[exportName];
  if (typeof Exported !== 'function') throw new Error(`sub-agent '${agentId}': module '${modulePath}' has no ${exportName === 'default' ? 'default export' : `export '${exportName}'`} class`);
  const instance: unknown = new (Exported as CustomizationClass)(agentId, slotNames);
  // Duck-typed: a project may import the base class through another path (its own copy of colloquy).
  const hooks = instance as Partial<A2aAgentCustomization>;
  if (typeof hooks.processInput !== 'function' || typeof hooks.processOutput !== 'function') {
    throw new Error(`sub-agent '${agentId}': the class in '${modulePath}' must extend A2aAgentCustomization (processInput/processOutput)`);
  }
  return instance as A2aAgentCustomization;
}
