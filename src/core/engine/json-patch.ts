/**
 * RFC 6902 JSON Patch, enough for `stack` events: apply any patch (Rasa's or ours) and diff two
 * frame arrays into a small patch. Values are never mutated; untouched subtrees are shared.
 * @module
 */
import type { Frame } from '../stack.ts';

export type PatchOp =
  | { readonly op: 'add' | 'replace' | 'test'; readonly path: string; readonly value: unknown }
  | { readonly op: 'remove'; readonly path: string }
  | { readonly op: 'move' | 'copy'; readonly from: string; readonly path: string };

type Json = unknown;

function parsePointer(pointer: string): string[] {
  if (pointer === '') return [];
  if (!pointer.startsWith('/')) throw new Error(`invalid JSON pointer "${pointer}"`);
  return pointer
    .slice(1)
    .split('/')
    .map((t) => t.replace(/~1/g, '/').replace(/~0/g, '~'));
}

function getAt(doc: Json, tokens: readonly string[]): Json {
  let cur = doc;
  for (const t of tokens) {
    if (Array.isArray(cur)) cur = cur[Number(t)];
    else if (cur !== null && typeof cur === 'object') cur = (cur as Record<string, Json>)[t];
    else throw new Error(`path not found: /${tokens.join('/')}`);
  }
  return cur;
}

/** Returns a copy of `doc` with the container at `tokens[0..-1]` changed by `edit`, copying only along the path. */
function editAt(doc: Json, tokens: readonly string[], edit: (container: Json, key: string) => Json): Json {
  if (tokens.length === 0) throw new Error('cannot edit the document root');
  const [head, ...rest] = tokens as [string, ...string[]];
  if (rest.length === 0) return edit(doc, head);
  if (Array.isArray(doc)) {
    const i = Number(head);
    if (!(i >= 0 && i < doc.length)) throw new Error(`index out of range: ${head}`);
    const copy = doc.slice();
    copy[i] = editAt(doc[i], rest, edit);
    return copy;
  }
  if (doc !== null && typeof doc === 'object') {
    const obj = doc as Record<string, Json>;
    if (!(head in obj)) throw new Error(`path not found: ${head}`);
    return { ...obj, [head]: editAt(obj[head], rest, edit) };
  }
  throw new Error(`cannot descend into a scalar at ${head}`);
}

function arrayIndex(arr: readonly Json[], key: string, forInsert: boolean): number {
  if (key === '-' && forInsert) return arr.length;
  const i = Number(key);
  const max = forInsert ? arr.length : arr.length - 1;
  if (!Number.isInteger(i) || i < 0 || i > max) throw new Error(`index out of range: ${key}`);
  return i;
}

function add(doc: Json, tokens: readonly string[], value: Json): Json {
  if (tokens.length === 0) return value;
  return editAt(doc, tokens, (c, key) => {
    if (Array.isArray(c)) {
      const copy = c.slice();
      copy.splice(arrayIndex(c, key, true), 0, value);
      return copy;
    }
    return { ...(c as Record<string, Json>), [key]: value };
  });
}

function remove(doc: Json, tokens: readonly string[]): Json {
  return editAt(doc, tokens, (c, key) => {
    if (Array.isArray(c)) {
      const copy = c.slice();
      copy.splice(arrayIndex(c, key, false), 1);
      return copy;
    }
    const obj = c as Record<string, Json>;
    if (!(key in obj)) throw new Error(`path not found: ${key}`);
    const { [key]: _removed, ...rest } = obj;
    return rest;
  });
}

function replace(doc: Json, tokens: readonly string[], value: Json): Json {
  if (tokens.length === 0) return value;
  return editAt(doc, tokens, (c, key) => {
    if (Array.isArray(c)) {
      const copy = c.slice();
      copy[arrayIndex(c, key, false)] = value;
      return copy;
    }
    return { ...(c as Record<string, Json>), [key]: value };
  });
}

/** Applies an RFC 6902 patch; throws on an invalid path or a failed `test`. */
export function applyPatch<T>(doc: T, ops: readonly PatchOp[]): T {
  let cur: Json = doc;
  for (const op of ops) {
    const path = parsePointer(op.path);
    switch (op.op) {
      case 'add':
        cur = add(cur, path, op.value);
        break;
      case 'remove':
        cur = remove(cur, path);
        break;
      case 'replace':
        cur = replace(cur, path, op.value);
        break;
      case 'move': {
        const from = parsePointer(op.from);
        const value = getAt(cur, from);
        cur = add(remove(cur, from), path, value);
        break;
      }
      case 'copy':
        cur = add(cur, path, getAt(cur, parsePointer(op.from)));
        break;
      case 'test':
        if (JSON.stringify(getAt(cur, path)) !== JSON.stringify(op.value)) throw new Error(`test failed at ${op.path}`);
        break;
    }
  }
  return cur as T;
}

/**
 * A patch turning `prev` into `next`. Frames are immutable, so an identical reference means unchanged;
 * a frame with the same id and kind is patched field by field, anything else is replaced whole.
 */
export function diffFrames(prev: readonly Frame[], next: readonly Frame[]): PatchOp[] {
  const ops: PatchOp[] = [];
  const common = Math.min(prev.length, next.length);
  for (let i = 0; i < common; i++) {
    const a = prev[i]!;
    const b = next[i]!;
    if (a === b) continue;
    if (a.frame_id !== b.frame_id || a.type !== b.type) {
      ops.push({ op: 'replace', path: `/${i}`, value: b });
      continue;
    }
    const ra = a as unknown as Record<string, unknown>;
    const rb = b as unknown as Record<string, unknown>;
    // for…in, not Object.keys: frames are plain objects (no inherited keys), and no key array per frame.
    for (const key in rb) {
      if (!(key in ra)) ops.push({ op: 'add', path: `/${i}/${key}`, value: rb[key] });
      else if (ra[key] !== rb[key]) ops.push({ op: 'replace', path: `/${i}/${key}`, value: rb[key] });
    }
    for (const key in ra) if (!(key in rb)) ops.push({ op: 'remove', path: `/${i}/${key}` });
  }
  for (let i = prev.length - 1; i >= common; i--) ops.push({ op: 'remove', path: `/${i}` });
  for (let i = common; i < next.length; i++) ops.push({ op: 'add', path: `/${i}`, value: next[i] });
  return ops;
}
