/**
 * Picks which variation of a response to utter, in Rasa's order of preference.
 * @module
 */
import type { RandomSource } from '../clock.ts';
import type { ResponseVariation } from '../domain.ts';
import { evaluatePredicate } from '../predicates/index.ts';

export interface VariationScope {
  readonly slots: Readonly<Record<string, unknown>>;
  /** The output channel's name (e.g. `rest`, `socketio`); variations for other channels are skipped. */
  readonly channel?: string;
}

/**
 * Rasa's choice: matching conditional variations for this channel, else unconditional ones for
 * this channel, else matching conditional ones without a channel, else unconditional ones
 * without a channel; a random one among the winning group. Undefined when nothing is eligible
 * (the engine then utters `utter_internal_error_rasa`).
 */
/** Conditional for this channel, unconditional for this channel, conditional for any, unconditional for any. */
const GROUPS = 4;

export function selectVariation(
  variations: readonly ResponseVariation[],
  scope: VariationScope,
  random: RandomSource,
): ResponseVariation | undefined {
  // The best group so far and its variations: one array per utterance rather than one per group.
  let best = GROUPS;
  let winners: ResponseVariation[] = [];
  for (const variation of variations) {
    const forChannel = variation.channel !== undefined && variation.channel !== '';
    if (forChannel && variation.channel !== scope.channel) continue;
    const conditional = variation.condition !== undefined && variation.condition !== '';
    if (conditional && !evaluatePredicate(variation.condition!, { slots: scope.slots })) continue;
    const group = (forChannel ? 0 : 2) + (conditional ? 0 : 1);
    if (group < best) {
      best = group;
      winners = [variation];
    } else if (group === best) winners.push(variation);
  }
  if (best === GROUPS) return undefined;
  const index = Math.min(winners.length - 1, Math.max(0, Math.floor(random() * winners.length)));
  return winners[index];
}
