/**
 * Freezing stored values that stores share with their callers (the memory store's states, the
 * decoded events an event log keeps), so neither side can change what the other holds.
 * @module
 */

/** Freezes `value` and everything in it, stopping at parts already frozen (shared with an earlier state). */
export function deepFreeze(value: unknown): void {
  if (value === null || typeof value !== 'object' || Object.isFrozen(value)) return;
  Object.freeze(value);
  if (Array.isArray(value)) for (const child of value) deepFreeze(child);
  else for (const key in value) deepFreeze((value as Record<string, unknown>)[key]);
}
