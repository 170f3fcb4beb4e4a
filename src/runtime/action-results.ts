/**
 * Turns what an action server (or in-process action, or `POST /tracker/events`) returns —
 * Rasa-format events and responses, untrusted JSON — into core events and bot messages.
 * @module
 */
import { z } from 'zod';
import type { Domain } from '../core/domain.ts';
import { isPlainObject } from '../core/plain-object.ts';
import type { BotMessage, Event } from '../core/events.ts';
import { renderResponse, selectVariation } from '../core/responses/index.ts';
import type { RandomSource } from '../core/clock.ts';

/**
 * rasa_sdk sends every optional field, unset ones as `null` (`"timestamp": null`, `"metadata":
 * null`, `"parse_data": null`, …), so every optional field here is nullish.
 */
const text = z.string().nullish();
const record = z.record(z.string(), z.unknown()).nullish();
const base = { timestamp: z.number().nullish(), metadata: record };
const entities = z.union([z.array(z.unknown()), z.record(z.string(), z.unknown())]).nullish();
const marker = <E extends string>(event: E) => z.object({ event: z.literal(event), ...base });

/** Every event rasa_sdk (`rasa_sdk/events.py`) can return; anything else is rejected with a clear message. */
const rasaEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('slot'), name: z.string().min(1), value: z.unknown(), ...base }),
  z.object({ event: z.literal('bot'), text, data: record, ...base }),
  z.object({ event: z.literal('user'), text, parse_data: record, input_channel: text, message_id: text, ...base }),
  z.object({ event: z.literal('action'), name: z.string().min(1), policy: text, confidence: z.number().nullish(), ...base }),
  z.object({ event: z.literal('action_execution_rejected'), name: z.string().min(1), policy: text, confidence: z.number().nullish(), ...base }),
  z.object({ event: z.literal('followup'), name: z.string().min(1), ...base }),
  z.object({ event: z.literal('active_loop'), name: text, ...base }),
  z.object({ event: z.literal('loop_interrupted'), is_interrupted: z.boolean(), ...base }),
  z.object({ event: z.literal('agent'), text, data: z.unknown(), ...base }),
  z.object({ event: z.literal('reminder'), intent: z.string().min(1), entities, date_time: z.string(), name: text, kill_on_user_msg: z.boolean().nullish(), ...base }),
  z.object({ event: z.literal('cancel_reminder'), intent: text, entities, name: text, ...base }),
  z.object({ event: z.literal('entities'), entities: z.array(z.unknown()), ...base }),
  marker('reset_slots'),
  marker('restart'),
  marker('session_started'),
  marker('session_ended'),
  marker('pause'),
  marker('resume'),
  marker('rewind'),
  marker('undo'),
  marker('export'),
]);

type RasaEvent = z.infer<typeof rasaEvent>;

export class InvalidEventsError extends Error {
  readonly code = 'invalid_events';
  constructor(message: string) {
    super(message);
    this.name = 'InvalidEventsError';
  }
}

/** Validates Rasa-format events; `nowSeconds` stamps events that came without a timestamp. */
export function toCoreEvents(raw: readonly unknown[], domain: Domain, nowSeconds: number): Event[] {
  return raw.map((item, index) => {
    const e = plainSlotEvent(item) ?? parseEvent(item, index);
    if (e.event === 'slot' && !(e.name in domain.slots)) {
      throw new InvalidEventsError(`event ${index} sets slot '${e.name}', which is not defined in the domain`);
    }
    return withoutNulls(e, nowSeconds, index);
  });
}

function parseEvent(item: unknown, index: number): RasaEvent {
  const parsed = rasaEvent.safeParse(item);
  if (parsed.success) return parsed.data;
  const type = typeof item === 'object' && item !== null ? (item as { event?: unknown }).event : undefined;
  throw new InvalidEventsError(`event ${index} (${JSON.stringify(type ?? null)}) is not a supported Rasa event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
}

/**
 * A `slot` event (what most actions return) that plainly fits `rasaEvent`, as its parse gives it
 * (fields in the schema's order, metadata copied), without zod's parse; `undefined` for any other.
 */
function plainSlotEvent(item: unknown): RasaEvent | undefined {
  if (!isPlainObject(item) || item.event !== 'slot' || !('value' in item)) return undefined;
  const { name, value, timestamp, metadata } = item;
  if (typeof name !== 'string' || name.length === 0) return undefined;
  if (timestamp != null && !Number.isFinite(timestamp)) return undefined;
  if (metadata != null && !isPlainObject(metadata)) return undefined;
  return { event: 'slot', name, value, timestamp: timestamp as number | null | undefined, metadata: metadata && { ...metadata } };
}

function present(fields: Readonly<Record<string, unknown>>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(fields)) if (value !== null && value !== undefined) out[key] = value;
  return out;
}

/** Drops the `null`s rasa_sdk sends for unset fields and stamps events that came without a time. */
function withoutNulls(e: RasaEvent, nowSeconds: number, index: number): Event {
  const out = present(e);
  out.timestamp ??= nowSeconds;
  switch (e.event) {
    case 'bot':
      // rasa_sdk's data carries every message part, unused ones as null.
      return { ...out, text: e.text ?? null, data: present(e.data ?? {}) } as unknown as Event;
    case 'user':
      return { ...out, text: e.text ?? null, parse_data: { commands: [], ...(e.parse_data ?? {}) } } as unknown as Event;
    case 'slot':
      // A slot set to null is a reset: the `null` value is kept.
      return { ...out, value: e.value ?? null } as unknown as Event;
    case 'active_loop':
      return { ...out, name: e.name ?? null } as unknown as Event;
    case 'reminder':
      if (Number.isNaN(Date.parse(e.date_time))) throw new InvalidEventsError(`event ${index} ("reminder") has an invalid date_time '${e.date_time}'`);
      return out as unknown as Event;
    default:
      return out as unknown as Event;
  }
}

/** Rasa does not check buttons: link buttons (`url`, `type`) come without a payload. */
const button = z.object({ title: z.string(), payload: z.string().optional() }).passthrough();
const response = z
  .object({
    text: z.string().nullish(),
    buttons: z.array(button).nullish(),
    image: z.string().nullish(),
    response: z.string().nullish(),
    template: z.string().nullish(),
  })
  .passthrough();

/** Message parts that go into the bot event's `data`; every other key of a response is message metadata. */
const MESSAGE_PARTS = new Set(['text', 'buttons', 'image', 'custom', 'attachment', 'elements', 'quick_replies']);

/** Python truthiness, which Rasa uses to drop the empty fields rasa_sdk sends (`"buttons": []`, `"custom": {}`, `null`). */
function isFilled(value: unknown): boolean {
  if (value === null || value === undefined || value === false || value === 0 || value === '') return false;
  if (Array.isArray(value)) return value.length > 0;
  return typeof value !== 'object' || Object.keys(value).length > 0;
}

/**
 * Action-server `responses` as Rasa's `RemoteAction._utter_responses` turns them into messages: a
 * `response` (or legacy `template`) names a domain response, rendered with the slots as they were
 * before the action plus the entry's other keys as template variables (an unknown name sends
 * nothing, as in Rasa); the entry's `buttons` are appended to the response's own; its other
 * non-empty fields (`text`, `image`, `custom` — rasa_sdk's `json_message` —, `attachment`, extra
 * keys) fill what the response leaves unset; keys that are not message parts become `metadata`.
 */
export function toBotMessages(
  raw: readonly unknown[],
  domain: Domain,
  scope: { slots: Readonly<Record<string, unknown>>; context?: Readonly<Record<string, unknown>>; channel?: string; random: RandomSource },
): BotMessage[] {
  const messages: BotMessage[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = response.safeParse(item);
    if (!parsed.success) throw new InvalidEventsError(`response ${index} is not a valid message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { response: name, buttons, ...fields } = parsed.data;
    const responseName = name ?? fields.template;
    let draft: Record<string, unknown> = {};
    if (responseName) {
      const rendered = renderNamedResponse(domain, responseName, { ...scope, vars: { ...fields, buttons } });
      if (!rendered) continue;
      draft = { ...rendered };
    }
    if (buttons && buttons.length > 0) draft.buttons = [...((draft.buttons as unknown[] | undefined) ?? []), ...buttons];
    const merged: Record<string, unknown> = {};
    for (const [key, value] of Object.entries(fields)) if (isFilled(value)) merged[key] = value;
    Object.assign(merged, draft);
    messages.push(asBotMessage(merged));
  }
  return messages;
}

function renderNamedResponse(
  domain: Domain,
  name: string,
  scope: { slots: Readonly<Record<string, unknown>>; context?: Readonly<Record<string, unknown>>; channel?: string; random: RandomSource; vars: Readonly<Record<string, unknown>> },
): BotMessage | undefined {
  const variations = domain.responses[name];
  if (!variations) return undefined;
  const slots = { ...scope.slots, ...scope.vars };
  const variation = selectVariation(variations, { slots: scope.slots, ...(scope.channel ? { channel: scope.channel } : {}) }, scope.random);
  return variation ? renderResponse(name, variation, { slots, ...(scope.context ? { context: scope.context } : {}) }) : undefined;
}

function asBotMessage(fields: Readonly<Record<string, unknown>>): BotMessage {
  const message: Record<string, unknown> = {};
  const metadata: Record<string, unknown> = { ...((fields.metadata as Record<string, unknown> | undefined) ?? {}) };
  for (const [key, value] of Object.entries(fields)) {
    if (MESSAGE_PARTS.has(key) || key === 'utter_action') message[key] = value;
    else if (key !== 'metadata') metadata[key] = value;
  }
  return (Object.keys(metadata).length > 0 ? { ...message, metadata } : message) as BotMessage;
}
