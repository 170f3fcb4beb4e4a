/**
 * Which action names the executor can run: responses, custom actions, built-ins.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import { BUILTIN_ACTIONS } from './builtin-actions.ts';

/** Actions the engine runs itself; a custom action of the same name is not used for them. */
export const BUILTIN_ACTION_NAMES: ReadonlySet<string> = new Set(['action_listen', ...Object.keys(BUILTIN_ACTIONS)]);

export function isKnownAction(assistant: Assistant, name: string): boolean {
  return name in assistant.domain.responses || name in assistant.domain.actions || BUILTIN_ACTION_NAMES.has(name);
}

/** Custom actions (declared under `actions:`) replace built-ins of the same name, except `action_listen`. */
export function isCustomAction(assistant: Assistant, name: string): boolean {
  if (name === INTENTLESS_ACTION && usesIntentlessPolicy(assistant)) return true;
  return name in assistant.domain.actions && name !== 'action_listen' && !(name.startsWith('utter_') && name in assistant.domain.responses);
}

/** With IntentlessPolicy, chitchat's trigger action picks a domain response with an LLM: outside the engine. */
export const INTENTLESS_ACTION = 'action_trigger_chitchat';

export function usesIntentlessPolicy(assistant: Assistant): boolean {
  return assistant.config.policies.some((p) => p.name === 'IntentlessPolicy');
}
