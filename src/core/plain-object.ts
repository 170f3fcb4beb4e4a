/**
 * Checks on plain objects (what JSON gives and object literals are, never arrays, class instances
 * or null) for hand-written fast paths: in front of zod schemas, and in the engine on every turn.
 * @module
 */

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}

/** Whether a plain object has any key, without building the array `Object.keys` would. */
export function hasKeys(record: Readonly<Record<string, unknown>>): boolean {
  for (const _ in record) return true;
  return false;
}
