/**
 * What kind of value a slot holds, read from its type, name and descriptions: this decides how
 * the offline generator finds its value in a message.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { SlotType } from '../../core/domain.ts';
import type { CollectStep, Flow } from '../../core/flows.ts';
import { isDateSlot } from './date-parser.ts';

export type SlotRole = 'number' | 'bool' | 'categorical' | 'date' | 'email' | 'phone' | 'handle' | 'recipient' | 'person' | 'text';

export interface SlotInfo {
  readonly name: string;
  readonly type: SlotType;
  readonly role: SlotRole;
  readonly values: readonly string[];
  /** Words naming the slot ("recipient", "amount"), for "change the amount to 100". */
  readonly keywords: readonly string[];
  readonly description: string;
  /** The slot holds the first letters of something ("contacts starting with J"). */
  readonly firstLetters: boolean;
}

const GENERIC_NAME_PARTS = new Set(['final', 'add', 'contact', 'new', 'current', 'the', 'of', 'user', 'to', 'is', 'flow', 'slot', 'value']);

const PREFIX_SLOT = /\b(?:start|begin)\w*\b.*\b(?:char|letter)|\bprefix|\binitial/i;

/** Slot descriptions of one assistant, read once: a loaded project does not change. */
interface SlotCatalog {
  readonly byName: Map<string, SlotInfo>;
  readonly byStep: WeakMap<CollectStep, SlotInfo>;
  readonly byFlow: WeakMap<Flow, readonly SlotInfo[]>;
}

const catalogs = new WeakMap<Assistant, SlotCatalog>();

function catalogOf(assistant: Assistant): SlotCatalog {
  let catalog = catalogs.get(assistant);
  if (!catalog) catalogs.set(assistant, (catalog = { byName: new Map(), byStep: new WeakMap(), byFlow: new WeakMap() }));
  return catalog;
}

/** Describes one slot; the collect step's description (if any) joins the domain's. */
export function slotInfo(assistant: Assistant, name: string, step?: CollectStep): SlotInfo {
  const catalog = catalogOf(assistant);
  const cached = step ? catalog.byStep.get(step) : catalog.byName.get(name);
  if (cached) return cached;
  const info = describeSlot(assistant, name, step);
  if (step) catalog.byStep.set(step, info);
  else catalog.byName.set(name, info);
  return info;
}

function describeSlot(assistant: Assistant, name: string, step?: CollectStep): SlotInfo {
  const slot = assistant.domain.slots[name];
  const type = slot?.type ?? 'text';
  const description = [step?.description, slot?.description].filter(Boolean).join(' ');
  return {
    name,
    type,
    role: roleOf(type, name, description),
    values: slot?.values ?? [],
    keywords: name.split('_').filter((part) => part.length > 2 && !GENERIC_NAME_PARTS.has(part)),
    description,
    firstLetters: PREFIX_SLOT.test(`${name.replace(/_/g, ' ')} ${description}`),
  };
}

/** The slots a flow collects, in step order. */
export function flowSlots(assistant: Assistant, flow: Flow): readonly SlotInfo[] {
  const catalog = catalogOf(assistant);
  let slots = catalog.byFlow.get(flow);
  if (slots) return slots;
  const seen = new Set<string>();
  const collected: SlotInfo[] = [];
  for (const step of flow.steps) {
    if (step.kind !== 'collect' || seen.has(step.collect)) continue;
    seen.add(step.collect);
    collected.push(slotInfo(assistant, step.collect, step));
  }
  catalog.byFlow.set(flow, (slots = collected));
  return slots;
}

function roleOf(type: SlotType, name: string, description: string): SlotRole {
  if (type === 'float') return 'number';
  if (type === 'bool') return 'bool';
  if (type === 'categorical') return 'categorical';
  const text = `${name.replace(/_/g, ' ')} ${description}`.toLowerCase();
  if (isDateSlot(name, description)) return 'date';
  if (/e-?mail/.test(text)) return 'email';
  if (/\b(phone|mobile|cell)\b/.test(text)) return 'phone';
  if (/\b(recipient|payee|beneficiary|receiver|receives?|whom)\b|\bsend\b.*\bto\b|\btransfer\b.*\bto\b/.test(text)) return 'recipient';
  if (/\b(handle|username|user name)\b|@/.test(text)) return 'handle';
  if (/\b(name|person|who)\b/.test(text)) return 'person';
  return 'text';
}
