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

/**
 * Whether two plain objects have the same keys with the same (`===`) values, the key `except` aside,
 * without building key arrays (the engine compares a few small objects on every turn).
 */
export function sameEntries(a: Readonly<Record<string, unknown>>, b: Readonly<Record<string, unknown>>, except?: string): boolean {
  let keys = 0;
  for (const key in a) {
    keys++;
    if (key !== except && (a[key] !== b[key] || !(key in b))) return false;
  }
  for (const _ in b) keys--;
  return keys === 0;
}
