/**
 * Checks every predicate (flow guards, next conditions, rejections, exit_if, slot validation,
 * response conditions): it must parse, and every `slots.x` it reads must be a declared slot.
 * @module
 */
import type { Domain } from '../core/domain.ts';
import { parsePredicate, referencedSlots } from '../core/predicates/index.ts';
import type { PredicateRef } from './build-flows.ts';
import type { Reporter } from './reporter.ts';
import { suggestion } from './wording.ts';

export function validatePredicates(predicates: readonly PredicateRef[], domain: Domain, report: Reporter): void {
  for (const { text, origin } of predicates) {
    const parsed = parsePredicate(text);
    if (!parsed.ok) {
      report.error('predicate.syntax', origin, `invalid condition '${text}': ${parsed.error.message}.`, 'Fix the condition syntax, e.g. "slots.amount > 0 and slots.confirmed is true".', {
        offset: parsed.error.offset,
      });
      continue;
    }
    for (const slot of referencedSlots(text)) {
      if (!domain.slots[slot]) {
        report.error('predicate.unknown_slot', origin, `condition '${text}' reads slot '${slot}', which is not defined in the domain.`, suggestion(slot, Object.keys(domain.slots), `Add '${slot}' under 'slots:' in the domain or correct the name.`));
      }
    }
  }
}
