/**
 * A minimal Jinja renderer for predicates and `template: jinja` responses: `{{ path }}`
 * expressions with dotted/indexed lookups, string and number literals, and the filters
 * `lower`, `upper`, `trim` and `default(value)`; `{# comments #}`; `{{-`/`-}}` whitespace control.
 * Values print as Python's `str()` would (None, True, ['a']), missing values as ''.
 * @module
 */
import { pyStr } from './python-values.ts';

export class TemplateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

type Literal = { readonly kind: 'literal'; readonly value: string | number };
type Path = { readonly kind: 'path'; readonly segments: readonly (string | number)[] };
type Filter = { readonly name: 'lower' | 'upper' | 'trim' | 'default'; readonly args: readonly Literal[] };
export interface TemplateExpression {
  readonly value: Literal | Path;
  readonly filters: readonly Filter[];
}

/** One piece of a template; `start`/`end` span the raw source including delimiters. */
export type TemplateSegment =
  | { readonly kind: 'text'; readonly text: string; readonly start: number; readonly end: number }
  | { readonly kind: 'expression'; readonly expression: TemplateExpression; readonly start: number; readonly end: number }
  | { readonly kind: 'comment'; readonly start: number; readonly end: number };

const FILTER_ARITY = { lower: 0, upper: 0, trim: 0, default: 1 } as const;
const TOKEN = /\s*(?:([A-Za-z_]\w*)|(-?\d+(?:\.\d+)?)|"([^"]*)"|'([^']*)'|([.|()[\],]))/y;

type ExprToken = { kind: 'name' | 'number' | 'string' | 'punct'; text: string; offset: number };

function lexExpression(source: string, from: number, to: number): ExprToken[] {
  const tokens: ExprToken[] = [];
  let i = from;
  while (i < to) {
    TOKEN.lastIndex = i;
    const m = TOKEN.exec(source);
    if (!m || TOKEN.lastIndex > to) {
      if (source.slice(i, to).trim() === '') break;
      throw new TemplateSyntaxError(`unsupported template syntax '${source.slice(i, to).trim()}'`, i);
    }
    const offset = TOKEN.lastIndex - m[0].trimStart().length;
    if (m[1] !== undefined) tokens.push({ kind: 'name', text: m[1], offset });
    else if (m[2] !== undefined) tokens.push({ kind: 'number', text: m[2], offset });
    else if (m[3] !== undefined || m[4] !== undefined) tokens.push({ kind: 'string', text: m[3] ?? m[4]!, offset });
    else tokens.push({ kind: 'punct', text: m[5]!, offset });
    i = TOKEN.lastIndex;
  }
  return tokens;
}

function parseExpression(source: string, from: number, to: number): TemplateExpression {
  const tokens = lexExpression(source, from, to);
  let pos = 0;
  const fail = (message: string): never => {
    throw new TemplateSyntaxError(message, tokens[pos]?.offset ?? to);
  };
  const take = (kind: ExprToken['kind'], text?: string): ExprToken | undefined => {
    const t = tokens[pos];
    if (t && t.kind === kind && (text === undefined || t.text === text)) {
      pos++;
      return t;
    }
    return undefined;
  };
  const literal = (): Literal | undefined => {
    const s = take('string');
    if (s) return { kind: 'literal', value: s.text };
    const n = take('number');
    return n ? { kind: 'literal', value: Number(n.text) } : undefined;
  };

  let value: Literal | Path | undefined = literal();
  if (!value) {
    const first = take('name') ?? fail('expected a variable name or a literal in {{ }}');
    const segments: (string | number)[] = [first.text];
    for (;;) {
      if (take('punct', '.')) {
        const part = take('name') ?? take('number') ?? fail("expected a name after '.'");
        segments.push(part.kind === 'number' ? Number(part.text) : part.text);
      } else if (take('punct', '[')) {
        const key = literal() ?? fail("expected a quoted key or a number inside '[ ]'");
        if (!take('punct', ']')) fail("expected ']'");
        segments.push(key.value);
      } else break;
    }
    value = { kind: 'path', segments };
  }
  const filters: Filter[] = [];
  while (take('punct', '|')) {
    const nameToken = take('name') ?? fail("expected a filter name after '|'");
    const name = nameToken.text;
    if (!Object.hasOwn(FILTER_ARITY, name)) {
      throw new TemplateSyntaxError(`unsupported filter '${name}' (supported: ${Object.keys(FILTER_ARITY).join(', ')})`, nameToken.offset);
    }
    const args: Literal[] = [];
    if (take('punct', '(')) {
      while (!take('punct', ')')) {
        if (args.length > 0 && !take('punct', ',')) fail("expected ',' or ')'");
        args.push(literal() ?? fail('filter arguments must be quoted strings or numbers'));
      }
    }
    if (args.length !== FILTER_ARITY[name as Filter['name']]) {
      throw new TemplateSyntaxError(`filter '${name}' takes ${FILTER_ARITY[name as Filter['name']]} argument(s)`, nameToken.offset);
    }
    filters.push({ name: name as Filter['name'], args });
  }
  if (pos < tokens.length) fail(`unexpected '${tokens[pos]!.text}' in {{ }}`);
  return { value, filters };
}

/** Splits a template into text, expressions and comments; throws TemplateSyntaxError. */
export function scanTemplate(source: string): TemplateSegment[] {
  const segments: TemplateSegment[] = [];
  let i = 0;
  while (i < source.length) {
    const open = source.slice(i).search(/\{[{#%]/);
    if (open === -1) {
      segments.push({ kind: 'text', text: source.slice(i), start: i, end: source.length });
      break;
    }
    const start = i + open;
    if (start > i) segments.push({ kind: 'text', text: source.slice(i, start), start: i, end: start });
    const opener = source[start + 1]!;
    if (opener === '%') throw new TemplateSyntaxError('Jinja statements ({% %}) are not supported here; use {{ }} expressions', start);
    const closer = opener === '{' ? '}}' : '#}';
    const close = source.indexOf(closer, start + 2);
    if (close === -1) throw new TemplateSyntaxError(`unclosed '{${opener}': add '${closer}'`, start);
    const end = close + 2;
    if (opener === '#') segments.push({ kind: 'comment', start, end });
    else {
      const innerStart = source[start + 2] === '-' ? start + 3 : start + 2;
      const innerEnd = source[close - 1] === '-' && close - 1 >= innerStart ? close - 1 : close;
      segments.push({ kind: 'expression', expression: parseExpression(source, innerStart, innerEnd), start, end });
    }
    i = end;
  }
  return trimWhitespaceMarkers(source, segments);
}

/** Applies `{{-` / `-}}`: strip whitespace in the neighbouring text. */
function trimWhitespaceMarkers(source: string, segments: TemplateSegment[]): TemplateSegment[] {
  return segments.map((segment, index) => {
    if (segment.kind !== 'text') return segment;
    const prev = segments[index - 1];
    const next = segments[index + 1];
    let text = segment.text;
    if (prev && prev.kind !== 'text' && source[prev.end - 3] === '-') text = text.trimStart();
    if (next && next.kind !== 'text' && source[next.start + 2] === '-') text = text.trimEnd();
    return { ...segment, text };
  });
}

const MISSING: unique symbol = Symbol('missing');

function lookup(scope: unknown, segments: readonly (string | number)[]): unknown {
  let value: unknown = scope;
  for (const key of segments) {
    if (value === null || typeof value !== 'object') return MISSING;
    const record = value as Record<string | number, unknown>;
    if (!Object.hasOwn(record, key) || record[key] === undefined) return MISSING;
    value = record[key];
  }
  return value;
}

function evaluate(expression: TemplateExpression, scope: Readonly<Record<string, unknown>>): string {
  let value: unknown = expression.value.kind === 'literal' ? expression.value.value : lookup(scope, expression.value.segments);
  for (const filter of expression.filters) {
    if (filter.name === 'default') {
      if (value === MISSING) value = filter.args[0]!.value;
      continue;
    }
    const text = value === MISSING ? '' : pyStr(value);
    value = filter.name === 'lower' ? text.toLowerCase() : filter.name === 'upper' ? text.toUpperCase() : text.trim();
  }
  return value === MISSING ? '' : pyStr(value);
}

/**
 * Renders `{{ }}` expressions against `scope` (e.g. `{ context, slots }`).
 * Throws TemplateSyntaxError (with a 0-based offset) on malformed templates.
 */
export function renderTemplate(source: string, scope: Readonly<Record<string, unknown>>): string {
  if (!source.includes('{')) return source;
  return scanTemplate(source)
    .map((segment) => (segment.kind === 'text' ? segment.text : segment.kind === 'expression' ? evaluate(segment.expression, scope) : ''))
    .join('');
}
