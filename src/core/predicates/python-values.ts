/**
 * Python value semantics as pypred (and Jinja) see them: Rasa evaluates predicates and renders
 * templates in Python, so equality, ordering, truthiness and `str()` follow Python, not JS.
 * @module
 */

/** pypred's `undefined`: an identifier that resolves to nothing. */
export const UNDEFINED: unique symbol = Symbol('undefined');
/** pypred's `empty`: equal to anything of length zero. */
export const EMPTY: unique symbol = Symbol('empty');

/** A set literal (`{'a' 'b'}`), kept distinct from lists because Python never equates the two. */
export class PySet {
  constructor(readonly items: readonly unknown[]) {}
  has(value: unknown): boolean {
    return this.items.some((item) => pyEquals(item, value));
  }
}

/** Raised where Python raises TypeError; Rasa then treats the whole predicate as false. */
export class PyTypeError extends Error {}

function isNumeric(v: unknown): v is number | boolean {
  return typeof v === 'number' || typeof v === 'boolean';
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof PySet);
}

function pyLength(v: unknown): number | undefined {
  if (typeof v === 'string' || Array.isArray(v)) return v.length;
  if (v instanceof PySet) return v.items.length;
  if (isPlainObject(v)) return Object.keys(v).length;
  return undefined;
}

function sameSet(a: PySet, b: PySet): boolean {
  return a.items.every((x) => b.has(x)) && b.items.every((x) => a.has(x));
}

/** Python `a == b`, including pypred's Undefined/Empty rules. */
export function pyEquals(a: unknown, b: unknown): boolean {
  if (a === UNDEFINED || b === UNDEFINED) {
    const other = a === UNDEFINED ? b : a;
    return other === UNDEFINED || other === EMPTY;
  }
  if (a === EMPTY || b === EMPTY) return pyLength(a === EMPTY ? b : a) === 0 || a === b;
  if (isNumeric(a) && isNumeric(b)) return Number(a) === Number(b);
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return a === b;
  if (Array.isArray(a) && Array.isArray(b)) return a.length === b.length && a.every((x, i) => pyEquals(x, b[i]));
  if (a instanceof PySet && b instanceof PySet) return sameSet(a, b);
  if (isPlainObject(a) && isPlainObject(b)) {
    const keys = Object.keys(a);
    return keys.length === Object.keys(b).length && keys.every((k) => Object.hasOwn(b, k) && pyEquals(a[k], b[k]));
  }
  return false;
}

/** Python `a != b`: pypred's Undefined answers `!=` itself, so `undefined != empty` holds. */
export function pyNotEquals(a: unknown, b: unknown): boolean {
  if (a === UNDEFINED) return b !== UNDEFINED;
  if (b === UNDEFINED && a !== EMPTY) return true;
  return !pyEquals(a, b);
}

export type OrderOp = '>' | '>=' | '<' | '<=';

/** Python ordering as pypred applies it: Undefined/Empty operands are false, mixed types raise. */
export function pyOrder(op: OrderOp, a: unknown, b: unknown): boolean {
  if (a === UNDEFINED || a === EMPTY || b === UNDEFINED || b === EMPTY) return false;
  let cmp: number;
  if (isNumeric(a) && isNumeric(b)) cmp = Number(a) - Number(b);
  else if (typeof a === 'string' && typeof b === 'string') cmp = a < b ? -1 : a > b ? 1 : 0;
  else throw new PyTypeError(`'${op}' not supported between ${pyTypeName(a)} and ${pyTypeName(b)}`);
  if (Number.isNaN(cmp)) return false;
  switch (op) {
    case '>':
      return cmp > 0;
    case '>=':
      return cmp >= 0;
    case '<':
      return cmp < 0;
    case '<=':
      return cmp <= 0;
  }
}

/** Python `needle in haystack` for pypred's `haystack contains needle`. */
export function pyContains(haystack: unknown, needle: unknown): boolean {
  if (typeof haystack === 'string') {
    if (typeof needle !== 'string') throw new PyTypeError(`'in <string>' requires string, not ${pyTypeName(needle)}`);
    return haystack.includes(needle);
  }
  if (Array.isArray(haystack)) return haystack.some((item) => pyEquals(item, needle));
  if (haystack instanceof PySet) return haystack.has(needle);
  if (isPlainObject(haystack)) return typeof needle === 'string' && Object.hasOwn(haystack, needle);
  return false;
}

/** Python `bool(v)`. */
export function pyTruthy(v: unknown): boolean {
  if (v === UNDEFINED || v === EMPTY || v === null || v === undefined) return false;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'number') return v !== 0;
  const length = pyLength(v);
  return length === undefined ? true : length > 0;
}

function pyRepr(v: unknown): string {
  if (typeof v === 'string') return `'${v.replace(/\\/g, '\\\\').replace(/'/g, "\\'")}'`;
  return pyStr(v);
}

/** Python `str(v)`: what Rasa prints for a slot value in a response or a rendered template. */
export function pyStr(v: unknown): string {
  if (v === null || v === undefined) return 'None';
  if (typeof v === 'boolean') return v ? 'True' : 'False';
  if (typeof v === 'string') return v;
  if (Array.isArray(v)) return `[${v.map(pyRepr).join(', ')}]`;
  if (v instanceof PySet) return `{${v.items.map(pyRepr).join(', ')}}`;
  if (isPlainObject(v)) return `{${Object.entries(v).map(([k, x]) => `${pyRepr(k)}: ${pyRepr(x)}`).join(', ')}}`;
  return String(v);
}

function pyTypeName(v: unknown): string {
  if (v === null) return 'NoneType';
  if (Array.isArray(v)) return 'list';
  if (v instanceof PySet) return 'set';
  if (typeof v === 'object') return 'dict';
  return { string: 'str', number: 'float', boolean: 'bool' }[typeof v as string] ?? typeof v;
}
