/**
 * Slot values clients give directly (A2A `message.metadata.slots` pre-seeding, events appended through
 * the HTTP API): checked against the slot types of the domain before anything is applied.
 * @module
 */
import type { Event } from '../core/events.ts';
import type { Domain, SlotDefinition } from '../core/domain.ts';
import { InvalidInputError } from './processor-api.ts';

/** What the slot expects when `value` does not fit it (type, and a float slot's `min_value`/`max_value`), else `undefined`. */
export function expectedSlotValue(slot: SlotDefinition, value: unknown): string | undefined {
  if (value === null) return undefined;
  switch (slot.type) {
    case 'text':
      return typeof value === 'string' ? undefined : 'a string';
    case 'bool':
      return typeof value === 'boolean' ? undefined : 'true or false';
    case 'float': {
      const { minValue = Number.NEGATIVE_INFINITY, maxValue = Number.POSITIVE_INFINITY } = slot;
      const inRange = typeof value === 'number' && Number.isFinite(value) && value >= minValue && value <= maxValue;
      if (inRange) return undefined;
      return slot.minValue === undefined && slot.maxValue === undefined ? 'a number' : `a number from ${slot.minValue ?? '-∞'} to ${slot.maxValue ?? '∞'}`;
    }
    case 'categorical': {
      const values = slot.values ?? [];
      return typeof value === 'string' && values.some((v) => v.toLowerCase() === value.toLowerCase())
        ? undefined
        : `one of ${values.map((v) => `'${v}'`).join(', ')}`;
    }
    case 'list':
      return Array.isArray(value) ? undefined : 'a list';
    case 'any':
      return undefined;
  }
}

/**
 * Slot events for the presets, set before understanding so the command generator sees them and no
 * flow-scoping rule drops them. Throws `InvalidInputError` naming every bad slot, applying none.
 */
export function presetSlotEvents(domain: Domain, presets: Readonly<Record<string, unknown>> | undefined, nowSeconds: number): Event[] {
  if (!presets) return [];
  const problems: string[] = [];
  for (const [name, value] of Object.entries(presets)) {
    const slot = domain.slots[name];
    if (!slot) {
      problems.push(`slot '${name}' is not defined in the domain`);
      continue;
    }
    const expected = expectedSlotValue(slot, value);
    if (expected) problems.push(`slot '${name}' (${slot.type}) expects ${expected}, got ${JSON.stringify(value)}`);
  }
  if (problems.length > 0) throw new InvalidInputError(`Invalid preset slots: ${problems.join('; ')}.`, { problems });
  return Object.entries(presets).map(([name, value]) => ({
    event: 'slot',
    name,
    value: coerceCategorical(domain.slots[name], value),
    timestamp: nowSeconds,
    metadata: { source: 'preset' },
  }));
}

function coerceCategorical(slot: SlotDefinition | undefined, value: unknown): unknown {
  if (slot?.type !== 'categorical' || typeof value !== 'string') return value;
  return slot.values?.find((v) => v.toLowerCase() === value.toLowerCase()) ?? value;
}
