/**
 * The plain-object check of hand-written fast paths in front of zod schemas: what JSON gives and
 * object literals are, never arrays, class instances or null.
 * @module
 */

export function isPlainObject(value: unknown): value is Readonly<Record<string, unknown>> {
  return typeof value === 'object' && value !== null && Object.getPrototypeOf(value) === Object.prototype;
}
