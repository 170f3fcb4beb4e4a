/**
 * Evaluates a predicate AST against a document (`{ slots, context }`) with pypred's semantics.
 * @module
 */
import type { PredicateAst } from './ast.ts';
import { EMPTY, PySet, UNDEFINED, pyContains, pyEquals, pyNotEquals, pyOrder, pyTruthy } from './python-values.ts';

/**
 * Dotted paths split once: parsed predicates are cached and evaluated on every step that branches.
 * Bounded like the parse cache (rendered predicates may name anything).
 */
const pathParts = new Map<string, readonly string[]>();
const PATH_PARTS_LIMIT = 2000;

function partsOf(path: string): readonly string[] {
  let parts = pathParts.get(path);
  if (parts === undefined) {
    parts = path.split('.');
    if (pathParts.size >= PATH_PARTS_LIMIT) pathParts.clear();
    pathParts.set(path, parts);
  }
  return parts;
}

/** pypred's identifier lookup: the whole name as a key first, then the dotted path. */
function resolve(document: Readonly<Record<string, unknown>>, path: string): unknown {
  if (Object.hasOwn(document, path)) return document[path] === undefined ? UNDEFINED : document[path];
  let value: unknown = document;
  for (const part of partsOf(path)) {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return UNDEFINED;
    const record = value as Record<string, unknown>;
    if (!Object.hasOwn(record, part)) return UNDEFINED;
    value = record[part];
  }
  return value === undefined ? UNDEFINED : value;
}

/** The Python value of a node; throws PyTypeError where Python would raise. */
export function evaluateNode(node: PredicateAst, document: Readonly<Record<string, unknown>>): unknown {
  switch (node.kind) {
    case 'logical': {
      const left = pyTruthy(evaluateNode(node.left, document));
      if (node.op === 'and' ? !left : left) return left;
      return pyTruthy(evaluateNode(node.right, document));
    }
    case 'not':
      return !pyTruthy(evaluateNode(node.operand, document));
    case 'compare': {
      const left = evaluateNode(node.left, document);
      const right = evaluateNode(node.right, document);
      if (node.op === '=') return pyEquals(left, right);
      if (node.op === '!=') return pyNotEquals(left, right);
      return pyOrder(node.op, left, right);
    }
    case 'contains':
      return pyContains(evaluateNode(node.left, document), evaluateNode(node.right, document));
    case 'matches': {
      const left = evaluateNode(node.left, document);
      return typeof left === 'string' && node.regex.test(left);
    }
    case 'string':
    case 'number':
    case 'constant':
      return node.value;
    case 'undefined':
      return UNDEFINED;
    case 'empty':
      return EMPTY;
    case 'identifier':
      return resolve(document, node.path);
    case 'set':
      return new PySet(node.items.map((item) => evaluateNode(item, document)));
  }
}
