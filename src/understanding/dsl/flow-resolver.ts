/**
 * Resolves what an LLM wrote as a flow reference (an id, or the readable name) to a user-flow id.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import { isPatternId } from '../../core/flows.ts';

export interface FlowResolver {
  /** The user-flow id `reference` names, or `undefined` when it names no user flow. */
  resolve(reference: string): string | undefined;
}

const cache = new WeakMap<Assistant['flows'], FlowResolver>();

/** A lookup over the assistant's user flows (patterns are never startable by the LLM); cached per flow set. */
export function flowResolverFor(assistant: Assistant): FlowResolver {
  const cached = cache.get(assistant.flows);
  if (cached) return cached;
  const byKey = new Map<string, string>();
  const userFlows = Object.values(assistant.flows).filter((flow) => !isPatternId(flow.id));
  // Exact ids win over names, so register names first and let ids overwrite.
  for (const flow of userFlows) byKey.set(normalize(flow.name), flow.id);
  for (const flow of userFlows) byKey.set(normalize(flow.id), flow.id);
  const exact = new Set(userFlows.map((flow) => flow.id));
  const resolver: FlowResolver = {
    resolve: (reference) => (exact.has(reference) ? reference : byKey.get(normalize(reference))),
  };
  cache.set(assistant.flows, resolver);
  return resolver;
}

/** Case, spaces, hyphens and underscores do not distinguish flows ("Transfer Money" = transfer_money). */
function normalize(text: string): string {
  return text.trim().toLowerCase().replace(/[\s_-]+/g, '_');
}
