/**
 * Slot typing (Rasa `shared/core/slots.py`): validity and coercion per slot type, initial values.
 * @module
 */
import type { Domain, SlotDefinition } from '../domain.ts';

/** Rasa `bool_from_any`: booleans, 1/0, numeric strings and "true"/"false" (any case). */
function boolFrom(value: unknown): boolean | undefined {
  if (typeof value === 'boolean') return value;
  if (typeof value === 'number') return value === 1;
  if (typeof value === 'string') {
    const s = value.trim().toLowerCase();
    if (s !== '' && /^\d+$/.test(s)) return Number(s) === 1;
    if (s === 'true') return true;
    if (s === 'false') return false;
  }
  return undefined;
}

function floatFrom(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && value.trim() !== '') {
    const n = Number(value.trim());
    return Number.isFinite(n) ? n : undefined;
  }
  if (typeof value === 'boolean') return value ? 1 : 0;
  return undefined;
}

export type Coerced = { readonly ok: true; readonly value: unknown } | { readonly ok: false };

/** The value as the slot stores it, or `ok: false` when the slot type cannot hold it. `null` is always valid. */
export function coerceSlotValue(slot: SlotDefinition, value: unknown): Coerced {
  if (value === null || value === undefined) return { ok: true, value: null };
  switch (slot.type) {
    case 'bool': {
      const b = boolFrom(value);
      return b === undefined ? { ok: false } : { ok: true, value: b };
    }
    case 'float': {
      const n = floatFrom(value);
      return n === undefined ? { ok: false } : { ok: true, value: n };
    }
    case 'categorical': {
      const wanted = String(value).toLowerCase();
      const match = (slot.values ?? []).find((v) => v.toLowerCase() === wanted);
      return match === undefined ? { ok: false } : { ok: true, value: match };
    }
    case 'text':
      return { ok: true, value: typeof value === 'string' ? value : typeof value === 'object' ? JSON.stringify(value) : String(value) };
    default:
      return { ok: true, value };
  }
}

/** Rasa `has_same_coerced_value`. */
export function hasSameCoercedValue(slot: SlotDefinition, current: unknown, value: unknown): boolean {
  const c = coerceSlotValue(slot, value);
  return c.ok && sameValue(c.value, current);
}

export function sameValue(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (a === null || b === null || typeof a !== 'object' || typeof b !== 'object') return false;
  return JSON.stringify(a) === JSON.stringify(b);
}

const initialValues = new WeakMap<Domain, Readonly<Record<string, unknown>>>();

/** A new object of every slot's initial value (`null` when it has none). */
export function initialSlotValues(domain: Domain): Record<string, unknown> {
  let values = initialValues.get(domain);
  if (!values) {
    const built: Record<string, unknown> = {};
    for (const [name, def] of Object.entries(domain.slots)) built[name] = def.initialValue ?? null;
    // Spread into a new object: built key by key, a domain of 30 slots or more is a slow dictionary.
    initialValues.set(domain, (values = { ...built }));
  }
  // Every new conversation and restart starts from a copy; a spread of the same template is V8's fast clone.
  return { ...values };
}

export function initialValueOf(domain: Domain, slot: string): unknown {
  return domain.slots[slot]?.initialValue ?? null;
}
