import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { PredicateAst, SetItemAst } from './ast.ts';
import { evaluateNode } from './evaluator.ts';
import { evaluatePredicate, parsePredicate, referencedSlots } from './index.ts';
import { compilePythonRegex } from './python-regex.ts';
import { pyTruthy } from './python-values.ts';

const PATHS = ['slots.a', 'slots.b', 'slots.p.q', 'slots.missing', 'context.c'] as const;
const PATTERNS = ['^a', 'b$', '\\d+', '(?i)X', 'a|b'] as const;

const leafString = fc.stringMatching(/^[a-zA-Z0-9 _.-]{0,6}$/).map((value): PredicateAst => ({ kind: 'string', value, offset: 0 }));
const leafNumber = fc.integer({ min: -400, max: 400 }).map((n): PredicateAst => ({ kind: 'number', value: n / 4, offset: 0 }));
const leafConstant = fc.constantFrom(true, false, null).map((value): PredicateAst => ({ kind: 'constant', value, offset: 0 }));
const leafIdentifier = fc.constantFrom(...PATHS).map((path): PredicateAst => ({ kind: 'identifier', path, offset: 0 }));
const setItem = fc.oneof(leafString, leafNumber, leafConstant, leafIdentifier) as fc.Arbitrary<SetItemAst>;
const leaf = fc.oneof(
  leafString,
  leafNumber,
  leafConstant,
  leafIdentifier,
  fc.constant<PredicateAst>({ kind: 'undefined', offset: 0 }),
  fc.constant<PredicateAst>({ kind: 'empty', offset: 0 }),
  fc.array(setItem, { maxLength: 3 }).map((items): PredicateAst => ({ kind: 'set', items, offset: 0 })),
);

const { tree } = fc.letrec<{ tree: PredicateAst }>((tie) => ({
  tree: fc.oneof(
    { depthSize: 'small', withCrossShrink: true },
    leaf,
    fc.record({ kind: fc.constant('logical'), op: fc.constantFrom('and', 'or'), left: tie('tree'), right: tie('tree'), offset: fc.constant(0) }),
    fc.record({ kind: fc.constant('not'), operand: tie('tree'), offset: fc.constant(0) }),
    fc.record({ kind: fc.constant('compare'), op: fc.constantFrom('=', '!=', '>', '>=', '<', '<='), left: tie('tree'), right: tie('tree'), offset: fc.constant(0) }),
    fc.record({ kind: fc.constant('contains'), left: tie('tree'), right: setItem, offset: fc.constant(0) }),
    fc.constantFrom(...PATTERNS).chain((pattern) =>
      tie('tree').map((left): PredicateAst => ({ kind: 'matches', left, pattern, regex: compilePythonRegex(pattern), offset: 0 })),
    ),
  ) as fc.Arbitrary<PredicateAst>,
}));

/** Prints an AST back to source; `spelling` picks among equivalent keyword spellings. */
function print(node: PredicateAst, spelling: number): string {
  const kw = (word: string): string => (spelling % 2 === 0 ? word : word.toUpperCase());
  switch (node.kind) {
    case 'logical':
      return `(${print(node.left, spelling)} ${kw(node.op)} ${print(node.right, spelling)})`;
    case 'not':
      return `(${kw('not')} ${print(node.operand, spelling)})`;
    case 'compare': {
      const op = node.op === '=' ? ['=', '==', kw('is')][spelling % 3] : node.op === '!=' ? ['!=', `${kw('is')} ${kw('not')}`][spelling % 2] : node.op;
      return `(${print(node.left, spelling)} ${op} ${print(node.right, spelling)})`;
    }
    case 'contains':
      return `(${print(node.left, spelling)} ${kw('contains')} ${print(node.right, spelling)})`;
    case 'matches':
      return `(${print(node.left, spelling)} ${kw('matches')} "${node.pattern}")`;
    case 'string':
      return spelling % 2 === 0 ? `"${node.value}"` : `'${node.value}'`;
    case 'number':
      return String(node.value);
    case 'constant':
      return node.value === null ? kw('null') : spelling % 3 === 0 ? String(node.value) : node.value ? 'True' : 'False';
    case 'undefined':
    case 'empty':
      return kw(node.kind);
    case 'identifier':
      return node.path;
    case 'set':
      return `{${node.items.map((item) => print(item, spelling)).join(' ')}}`;
  }
}

function withoutPositions(node: unknown): unknown {
  if (Array.isArray(node)) return node.map(withoutPositions);
  if (node === null || typeof node !== 'object' || node instanceof RegExp) return node instanceof RegExp ? node.source : node;
  return Object.fromEntries(Object.entries(node).filter(([k]) => k !== 'offset').map(([k, v]) => [k, withoutPositions(v)]));
}

function evaluateAst(ast: PredicateAst, document: Record<string, unknown>): boolean {
  try {
    return pyTruthy(evaluateNode(ast, document));
  } catch {
    return false;
  }
}

const slotValue = fc.oneof(
  fc.constant(null),
  fc.boolean(),
  fc.integer({ min: -5, max: 5 }),
  fc.constantFrom('', 'a', 'ab', 'X1', '5'),
  fc.array(fc.constantFrom('a', 'b', 1), { maxLength: 3 }),
  fc.record({ q: fc.constantFrom('a', 2, null) }),
);
const documentArb = fc.record({ a: slotValue, b: slotValue, p: slotValue }).map((slots) => ({ slots, context: { c: 'a' } }));

describe('predicate properties', () => {
  it('printing and re-parsing preserves the AST and its value', () => {
    fc.assert(
      fc.property(tree, documentArb, fc.nat(5), (ast, document, spelling) => {
        const source = print(ast, spelling);
        const parsed = parsePredicate(source);
        expect(parsed.ok, source).toBe(true);
        if (!parsed.ok) return;
        expect(withoutPositions(parsed.ast)).toEqual(withoutPositions(ast));
        expect(evaluatePredicate(source, document)).toBe(evaluateAst(ast, document));
      }),
      { numRuns: 400 },
    );
  });

  const fragments = fc.constantFrom(
    'slots.a', 'context.c', 'and', 'OR', 'not', 'is', 'contains', 'matches', '(', ')', '{', '}', '"x"', "'y", '>', '>=', '=',
    '!=', '5', '-1.5', 'null', 'empty', 'undefined', '{{', '}}', '{{ context.c }}', '|', '#', ',', '\n', '{#', '{%',
  );
  const noisy = fc.oneof(fc.string(), fc.array(fragments, { maxLength: 12 }).map((parts) => parts.join(' ')));

  it('never throws on arbitrary input', () => {
    fc.assert(
      fc.property(noisy, documentArb, (source, document) => {
        const parsed = parsePredicate(source);
        if (!parsed.ok) {
          expect(parsed.error.offset).toBeGreaterThanOrEqual(0);
          expect(parsed.error.offset).toBeLessThanOrEqual(source.length);
        }
        expect(typeof evaluatePredicate(source, document)).toBe('boolean');
        expect(Array.isArray(referencedSlots(source))).toBe(true);
      }),
      { numRuns: 1000 },
    );
  });
});
