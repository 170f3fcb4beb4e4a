/**
 * The parsed form of a predicate. Every node carries the 0-based `offset` of its first
 * character in the source, so validators can point at it.
 * @module
 */

export type CompareOp = '=' | '!=' | '>' | '>=' | '<' | '<=';

/** A value a set literal may hold: strings, numbers, true/false/null and identifiers. */
export type SetItemAst = Extract<PredicateAst, { kind: 'string' | 'number' | 'constant' | 'identifier' }>;

export type PredicateAst =
  | { readonly kind: 'logical'; readonly op: 'and' | 'or'; readonly left: PredicateAst; readonly right: PredicateAst; readonly offset: number }
  | { readonly kind: 'not'; readonly operand: PredicateAst; readonly offset: number }
  /** `is` parses as `=`, `is not` as `!=`, `==` as `=` (as in pypred). */
  | { readonly kind: 'compare'; readonly op: CompareOp; readonly left: PredicateAst; readonly right: PredicateAst; readonly offset: number }
  | { readonly kind: 'contains'; readonly left: PredicateAst; readonly right: PredicateAst; readonly offset: number }
  | { readonly kind: 'matches'; readonly left: PredicateAst; readonly pattern: string; readonly regex: RegExp; readonly offset: number }
  | { readonly kind: 'string'; readonly value: string; readonly offset: number }
  | { readonly kind: 'number'; readonly value: number; readonly offset: number }
  | { readonly kind: 'constant'; readonly value: boolean | null; readonly offset: number }
  | { readonly kind: 'undefined'; readonly offset: number }
  | { readonly kind: 'empty'; readonly offset: number }
  /** A dotted path into the document, e.g. `slots.amount`; unresolvable paths are `undefined`. */
  | { readonly kind: 'identifier'; readonly path: string; readonly offset: number }
  | { readonly kind: 'set'; readonly items: readonly SetItemAst[]; readonly offset: number };
