/**
 * Jinja for `metadata: {template: jinja}` responses, on nunjucks (a Jinja port) with the Python
 * behaviour Rasa's jinja2 has: Python methods of dicts, lists and strings
 * (`context.corrected_slots.keys()`, `name.upper()`), values printed as `str()` prints them (None,
 * True, 5.0 as stored) and Python truthiness in `if` conditions (an empty list or dict is false).
 * @module
 */
import nunjucks from 'nunjucks';
import { pyStr } from '../predicates/python-values.ts';

/** The untyped parts of nunjucks used to compile a rewritten syntax tree. */
interface AstNode {
  readonly lineno: number;
  readonly colno: number;
  [field: string]: unknown;
  findAll<T extends AstNode>(type: new (...args: never[]) => T, results?: T[]): T[];
}
type NodeClass = new (...args: never[]) => AstNode;
interface NunjucksInternals {
  readonly parser: { parse(source: string): AstNode };
  readonly compiler: { Compiler: new (name: string, throwOnUndefined: boolean) => { compile(ast: AstNode): void; getCode(): string } };
  readonly runtime: { memberLookup(obj: unknown, key: unknown, ...rest: unknown[]): unknown };
  readonly nodes: Readonly<Record<'Output' | 'TemplateData' | 'If' | 'InlineIf' | 'Not' | 'And' | 'Or' | 'Filter' | 'Symbol' | 'NodeList', NodeClass>>;
}
const internals = nunjucks as unknown as NunjucksInternals;
const { nodes } = internals;

type PyMethod<T> = (self: T, ...args: never[]) => unknown;
const STRING_METHODS: Readonly<Record<string, PyMethod<string>>> = {
  upper: (s) => s.toUpperCase(),
  lower: (s) => s.toLowerCase(),
  strip: (s) => s.trim(),
  lstrip: (s) => s.trimStart(),
  rstrip: (s) => s.trimEnd(),
  capitalize: (s) => s.charAt(0).toUpperCase() + s.slice(1).toLowerCase(),
  title: (s) => s.toLowerCase().replace(/(^|[^A-Za-z])([a-z])/g, (_, before: string, letter: string) => before + letter.toUpperCase()),
  startswith: (s, prefix: string) => s.startsWith(prefix),
  endswith: (s, suffix: string) => s.endsWith(suffix),
  replace: (s, from: string, to: string) => s.split(from).join(to),
  split: (s, separator?: string) => (separator === undefined ? s.trim().split(/\s+/).filter(Boolean) : s.split(separator)),
};
const DICT_METHODS: Readonly<Record<string, PyMethod<Record<string, unknown>>>> = {
  keys: (d) => Object.keys(d),
  values: (d) => Object.values(d),
  items: (d) => Object.entries(d),
  get: (d, key: string, fallback: unknown = null) => (Object.hasOwn(d, key) ? d[key] : fallback),
};
const LIST_METHODS: Readonly<Record<string, PyMethod<unknown[]>>> = {
  count: (l, item: unknown) => l.filter((x) => x === item).length,
  index: (l, item: unknown) => l.indexOf(item),
};

function pythonMethod(obj: unknown, key: string): ((...args: never[]) => unknown) | undefined {
  const table: Readonly<Record<string, PyMethod<never>>> | undefined =
    typeof obj === 'string' ? STRING_METHODS : Array.isArray(obj) ? LIST_METHODS : obj !== null && typeof obj === 'object' ? DICT_METHODS : undefined;
  const method = table && Object.hasOwn(table, key) ? table[key] : undefined;
  return method ? (...args: never[]) => method(obj as never, ...args) : undefined;
}

/**
 * nunjucks looks members up through one shared runtime function. Python methods are offered only
 * while a response renders here (rendering is synchronous), so other nunjucks users — prompts,
 * tool output mappings — keep nunjucks' own lookups.
 */
let renderingResponses = 0;
const lookup = internals.runtime.memberLookup;
internals.runtime.memberLookup = function memberLookup(obj: unknown, key: unknown, ...rest: unknown[]): unknown {
  if (renderingResponses > 0 && typeof key === 'string') {
    const method = pythonMethod(obj, key);
    if (method) return method;
  }
  return lookup.call(this, obj, key, ...rest);
};

/** Python `bool()`. */
function pyTruthy(value: unknown): boolean {
  if (Array.isArray(value)) return value.length > 0;
  if (value !== null && typeof value === 'object') return Object.keys(value).length > 0;
  return Boolean(value);
}

const env = new nunjucks.Environment(null, { autoescape: false, throwOnUndefined: false });
env.addFilter('py_str', (value: unknown) => (value === undefined ? '' : pyStr(value)));
env.addFilter('py_bool', pyTruthy);
env.addFilter('join', (items: unknown, separator = '', attribute?: string) =>
  (Array.isArray(items) ? items : typeof items === 'string' ? [...items] : [])
    .map((item) => pyStr(attribute === undefined ? item : (item as Record<string, unknown> | null)?.[attribute]))
    .join(separator),
);
env.addFilter('string', (value: unknown) => pyStr(value));
env.addFilter('tojson', (value: unknown) => JSON.stringify(value ?? null));
env.addGlobal('None', null);
env.addGlobal('True', true);
env.addGlobal('False', false);

function applyFilter(node: AstNode, filter: string): AstNode {
  const { lineno, colno } = node;
  const Filter = nodes.Filter as unknown as new (l: number, c: number, name: AstNode, args: AstNode) => AstNode;
  const SymbolNode = nodes.Symbol as unknown as new (l: number, c: number, value: string) => AstNode;
  const NodeList = nodes.NodeList as unknown as new (l: number, c: number, children: AstNode[]) => AstNode;
  return new Filter(lineno, colno, new SymbolNode(lineno, colno, filter), new NodeList(lineno, colno, [node]));
}

/** A condition tested with Python truthiness; `and`/`or` keep their operands' own truth. */
function pythonCondition(node: AstNode): AstNode {
  if ([nodes.And, nodes.Or].some((type) => node instanceof type)) {
    node['left'] = pythonCondition(node['left'] as AstNode);
    node['right'] = pythonCondition(node['right'] as AstNode);
    return node;
  }
  return applyFilter(node, 'py_bool');
}

/** Rewrites the parsed template: printed values through `py_str`, conditions through `py_bool`. */
function pythonize(root: AstNode): AstNode {
  for (const output of root.findAll(nodes.Output)) {
    output['children'] = (output['children'] as AstNode[]).map((child: AstNode) => (child instanceof nodes.TemplateData ? child : applyFilter(child, 'py_str')));
  }
  for (const node of [...root.findAll(nodes.If), ...root.findAll(nodes.InlineIf)]) node['cond'] = pythonCondition(node['cond'] as AstNode);
  for (const node of root.findAll(nodes.Not)) node['target'] = pythonCondition(node['target'] as AstNode);
  return root;
}

const compiled = new Map<string, nunjucks.Template>();
/** Response texts come from the domain; the bound only guards against unbounded growth. */
const MAX_COMPILED = 2000;

function compile(source: string): nunjucks.Template {
  let template = compiled.get(source);
  if (template) return template;
  const compiler = new internals.compiler.Compiler('response', false);
  compiler.compile(pythonize(internals.parser.parse(source)));
  // The compiled module is a function body that returns the template's root renderer, as nunjucks' own `Template` builds it.
  const props = new Function(compiler.getCode())() as object;
  template = new nunjucks.Template({ type: 'code', obj: props } as unknown as string, env);
  if (compiled.size >= MAX_COMPILED) compiled.clear();
  compiled.set(source, template);
  return template;
}

/** Renders a Jinja template; throws on syntax errors and on errors while rendering. */
export function renderJinja(source: string, values: Readonly<Record<string, unknown>>): string {
  const template = compile(source);
  renderingResponses++;
  try {
    return template.render({ ...values });
  } finally {
    renderingResponses--;
  }
}
