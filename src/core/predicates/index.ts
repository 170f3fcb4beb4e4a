/**
 * Rasa's predicate language (pypred dialect) for flow `if` conditions, slot rejections,
 * response conditions and `exit_if`, plus the minimal Jinja renderer predicates go through first.
 * @module
 */
import type { PredicateAst } from './ast.ts';
import { evaluateNode } from './evaluator.ts';
import { parseTokens } from './parser.ts';
import { pyTruthy } from './python-values.ts';
import { renderTemplate, scanTemplate, TemplateSyntaxError, type TemplateSegment } from './template.ts';
import { PredicateSyntaxError } from './tokenizer.ts';

export type { PredicateAst } from './ast.ts';
export { renderTemplate, TemplateSyntaxError } from './template.ts';

export type ParseResult = { ok: true; ast: PredicateAst } | { ok: false; error: { message: string; offset: number } };

export interface PredicateScope {
  readonly slots: Readonly<Record<string, unknown>>;
  readonly context?: Readonly<Record<string, unknown>>;
}

/** Replaces each `{{ }}` with an identifier of the same length, so offsets still match the source. */
function withPlaceholders(source: string, segments: readonly TemplateSegment[]): string {
  return segments.map((s) => (s.kind === 'text' ? source.slice(s.start, s.end) : (s.kind === 'expression' ? '_' : ' ').repeat(s.end - s.start))).join('');
}

function toError(error: unknown): { message: string; offset: number } {
  if (error instanceof PredicateSyntaxError || error instanceof TemplateSyntaxError) return { message: error.message, offset: error.offset };
  throw error;
}

function parseWithTemplates(source: string): { result: ParseResult; segments: readonly TemplateSegment[] } {
  try {
    const segments = source.includes('{') ? scanTemplate(source) : [];
    const expandable = segments.some((s) => s.kind !== 'text');
    return { result: { ok: true, ast: parseTokens(expandable ? withPlaceholders(source, segments) : source) }, segments };
  } catch (error) {
    return { result: { ok: false, error: toError(error) }, segments: [] };
  }
}

/**
 * Parses a predicate. `{{ }}` templates are checked and stand in as identifiers, so a predicate
 * can be validated without a context. Errors carry a 0-based offset into `source`.
 */
export function parsePredicate(source: string): ParseResult {
  return parseWithTemplates(source).result;
}

const CACHE_LIMIT = 2000;
const TEMPLATE_MARK = /\{[{#%]/;
const cache = new Map<string, ParseResult>();

function cachedParse(rendered: string): ParseResult {
  let result = cache.get(rendered);
  if (result === undefined) {
    try {
      result = { ok: true, ast: parseTokens(rendered) };
    } catch (error) {
      result = { ok: false, error: toError(error) };
    }
    if (cache.size >= CACHE_LIMIT) cache.delete(cache.keys().next().value!);
    cache.set(rendered, result);
  }
  return result;
}

/**
 * Evaluates a predicate as Rasa does: render `{{ }}` with `{ context, slots }`, parse, evaluate
 * against `{ slots, context }`. Never throws: syntax and type errors count as false.
 * Pass every declared slot in `scope.slots`, unset ones as `null`: `slots.x is null` is true only
 * for a present null, as in Rasa (a missing key is pypred's `undefined`).
 */
export function evaluatePredicate(source: string | boolean, scope: PredicateScope): boolean {
  if (typeof source === 'boolean') return source;
  try {
    const context = scope.context ?? {};
    const rendered = TEMPLATE_MARK.test(source) ? renderTemplate(source, { context, slots: scope.slots }) : source;
    const parsed = cachedParse(rendered);
    return parsed.ok && pyTruthy(evaluateNode(parsed.ast, { slots: scope.slots, context }));
  } catch {
    return false;
  }
}

function collectSlots(node: PredicateAst, dynamic: (offset: number, length: number) => boolean, into: Set<string>): void {
  switch (node.kind) {
    case 'identifier': {
      const [root, name] = node.path.split('.');
      if (root === 'slots' && name && !dynamic(node.offset, `slots.${name}`.length)) into.add(name);
      return;
    }
    case 'logical':
    case 'compare':
    case 'contains':
      collectSlots(node.left, dynamic, into);
      collectSlots(node.right, dynamic, into);
      return;
    case 'matches':
      collectSlots(node.left, dynamic, into);
      return;
    case 'not':
      collectSlots(node.operand, dynamic, into);
      return;
    case 'set':
      for (const item of node.items) collectSlots(item, dynamic, into);
      return;
    default:
      return;
  }
}

/**
 * Slot names the predicate reads as `slots.<name>` (first path segment), in order of appearance.
 * Names built from templates (`slots.{{context.collect}}`) are left out; unparsable sources give [].
 */
export function referencedSlots(source: string): string[] {
  const { result, segments } = parseWithTemplates(source);
  if (!result.ok) return [];
  const templated = segments.filter((s) => s.kind === 'expression');
  const dynamic = (offset: number, length: number): boolean => templated.some((s) => s.start < offset + length && offset < s.end);
  const names = new Set<string>();
  collectSlots(result.ast, dynamic, names);
  return [...names];
}
