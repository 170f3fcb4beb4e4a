/**
 * Button payloads: `/SetSlots(a=1, b=x)` and `/intent{"entity": "value"}` (Rasa's command
 * payload reader and regex message handler), plus the system intents `/session_start`,
 * `/session_end` (voice hang-up), `/restart` and `/silence_timeout`.
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { Command } from '../../core/commands.ts';

/** At most this many `name=value` pairs in one `/SetSlots(...)`, as in Rasa. */
export const MAX_SET_SLOTS = 10;

const SET_SLOTS = /^\/SetSlots\((.*)\)$/s;
const PAIR = /^([^=,()\s]+)\s*=\s*([^,()]*)$/;
const INTENT = /^\/([^{@\s]+)(?:@([0-9.]+))?(\{.*\})?$/s;
const NO_VALUE = /^(?:null|none)$/i;
const BOOL_VALUE = /^(?:true|false)$/i;

const SYSTEM_INTENTS: Readonly<Record<string, Command>> = {
  session_start: { command: 'session start' },
  session_end: { command: 'session end' },
  restart: { command: 'restart' },
  silence_timeout: { command: 'user silence' },
};

/**
 * Commands for a payload message, or `undefined` when `text` is no payload (it does not start
 * with `/`). Malformed `/SetSlots` and intents no flow triggers become `cannot handle`.
 */
export function parsePayload(text: string, assistant: Assistant): Command[] | undefined {
  const trimmed = text.trim();
  if (!trimmed.startsWith('/')) return undefined;
  const setSlots = SET_SLOTS.exec(trimmed);
  if (setSlots) return parseSetSlots(setSlots[1]!, assistant) ?? [{ command: 'cannot handle' }];
  const intent = INTENT.exec(trimmed);
  if (!intent) return undefined;
  return intentCommands(intent[1]!, intent[3], assistant);
}

function parseSetSlots(body: string, assistant: Assistant): Command[] | undefined {
  const pairs = body.split(',');
  if (pairs.length > MAX_SET_SLOTS) return undefined;
  const commands: Command[] = [];
  for (const pair of pairs) {
    // one malformed pair makes the whole payload malformed
    const [, name, raw] = PAIR.exec(pair.trim()) ?? [];
    if (name === undefined || raw === undefined) return undefined;
    commands.push(payloadSlot(name, coerce(raw.trim(), name, assistant)));
  }
  return commands;
}

/** Intents every assistant understands as payloads, declared or not. */
export const SYSTEM_INTENT_NAMES: ReadonlySet<string> = new Set(Object.keys(SYSTEM_INTENTS));

/** Parse data of an `/intent{...}` payload as Rasa reports it: the intent at confidence 1 and its entities. */
export function payloadParseData(text: string): { intent: { name: string; confidence: number }; entities: { entity: string; value: unknown }[] } | undefined {
  const intent = INTENT.exec(text.trim());
  if (!intent) return undefined;
  const entities = Object.entries(entityObject(intent[3])).map(([entity, value]) => ({ entity, value }));
  return { intent: { name: intent[1]!, confidence: 1 }, entities };
}

function intentCommands(intent: string, entitiesJson: string | undefined, assistant: Assistant): Command[] {
  const system = SYSTEM_INTENTS[intent];
  if (system) return [system];
  const flow = Object.values(assistant.flows).find((f) => f.nluTriggers.some((trigger) => trigger.intent === intent));
  if (!flow) return [{ command: 'cannot handle', reason: 'cannot_handle_invalid_intent' }];
  return [{ command: 'start flow', flow: flow.id }, ...entitySlots(entitiesJson, assistant)];
}

/** Entities whose name is a slot, or that a slot maps `from_entity`, set that slot. */
function entitySlots(entitiesJson: string | undefined, assistant: Assistant): Command[] {
  const commands: Command[] = [];
  for (const [entity, value] of Object.entries(entityObject(entitiesJson))) {
    for (const slot of Object.values(assistant.domain.slots)) {
      const mapped = slot.name === entity || slot.mappings.some((m) => m.type === 'from_entity' && m.entity === entity);
      if (mapped) commands.push(payloadSlot(slot.name, value));
    }
  }
  return commands;
}

/** The `{...}` of an intent payload; anything but a JSON object counts as no entities. */
function entityObject(entitiesJson: string | undefined): Record<string, unknown> {
  if (!entitiesJson) return {};
  let entities: unknown;
  try {
    entities = JSON.parse(entitiesJson);
  } catch {
    return {};
  }
  return typeof entities === 'object' && entities !== null && !Array.isArray(entities) ? (entities as Record<string, unknown>) : {};
}

/** Payload values are text; bool, float and categorical slots get their typed value ("true" → true, "1.5" → 1.5, "GOLD" → "gold"). */
function coerce(raw: string, name: string, assistant: Assistant): unknown {
  if (NO_VALUE.test(raw)) return null;
  const slot = assistant.domain.slots[name];
  if (slot?.type === 'bool' && BOOL_VALUE.test(raw)) return raw.toLowerCase() === 'true';
  if (slot?.type === 'float' && raw !== '' && Number.isFinite(Number(raw))) return Number(raw);
  if (slot?.type === 'categorical') return slot.values?.find((v) => v.toLowerCase() === raw.toLowerCase()) ?? raw;
  return raw;
}

function payloadSlot(name: string, value: unknown): Command {
  return { command: 'set slot', name, value, extractor: 'COMMAND_PAYLOAD_READER' };
}
