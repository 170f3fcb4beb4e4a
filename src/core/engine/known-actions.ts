/**
 * Which action names the executor can run: responses, custom actions, built-ins.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { Domain } from '../domain.ts';
import { BUILTIN_ACTIONS } from './builtin-actions.ts';

/** Actions the engine runs itself; a custom action of the same name is not used for them. */
export const BUILTIN_ACTION_NAMES: ReadonlySet<string> = new Set(['action_listen', ...Object.keys(BUILTIN_ACTIONS)]);

/** Per domain, built once: the executor asks on every action and collect step, mostly with names just rendered. */
const knownActions = new WeakMap<Domain, ReadonlySet<string>>();

export function isKnownAction(assistant: Assistant, name: string): boolean {
  const { domain } = assistant;
  let known = knownActions.get(domain);
  if (!known) {
    known = new Set([...Object.keys(domain.responses), ...Object.keys(domain.actions), ...BUILTIN_ACTION_NAMES]);
    knownActions.set(domain, known);
  }
  return known.has(name);
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
