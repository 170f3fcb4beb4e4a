/**
 * Coexistence routers (`IntentBasedRouter`, `LLMBasedRouter` in the pipeline) when CALM is the only
 * system: colloquy runs no NLU-based dialogue (stories, rules), so every message goes to CALM. As
 * Rasa's routers do when they route a session to CALM, the first message of a routing session sets
 * `route_session_to_calm` (when the domain declares it) and the session stays there until
 * `action_reset_routing` clears it. LLMBasedRouter's own LLM is not called.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import { HELPER_SLOT } from '../../core/patterns/pattern-ids.ts';
import type { CommandGenerator } from '../command-generator.ts';

export const COEXISTENCE_ROUTERS = new Set(['IntentBasedRouter', 'LLMBasedRouter']);

export function usesCoexistenceRouter(assistant: Assistant): boolean {
  return assistant.config.pipeline.some((c) => COEXISTENCE_ROUTERS.has(c.name));
}

/** `generator`, with the routing slot set to CALM whenever a routing session starts. */
export function routeEverythingToCalm(assistant: Assistant, generator: CommandGenerator): CommandGenerator {
  const slot = HELPER_SLOT.routeSessionToCalm;
  if (!usesCoexistenceRouter(assistant) || !(slot in assistant.domain.slots)) return generator;
  return {
    async predict(input) {
      const result = await generator.predict(input);
      if (input.state.slots[slot] === true) return result;
      return { ...result, commands: [{ command: 'set slot', name: slot, value: true }, ...result.commands] };
    },
  };
}
