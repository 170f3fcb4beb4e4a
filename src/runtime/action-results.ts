/**
 * Turns what an action server (or in-process action, or `POST /tracker/events`) returns —
 * Rasa-format events and responses, untrusted JSON — into core events and bot messages.
 * @module
 */
import { z } from 'zod';
import type { Domain } from '../core/domain.ts';
import type { BotMessage, Event } from '../core/events.ts';
import { renderResponse, selectVariation } from '../core/responses/index.ts';
import type { RandomSource } from '../core/clock.ts';

const base = { timestamp: z.number().optional(), metadata: z.record(z.string(), z.unknown()).optional() };

/** The Rasa event types an action may return; anything else is rejected with a clear message. */
const rasaEvent = z.discriminatedUnion('event', [
  z.object({ event: z.literal('slot'), name: z.string().min(1), value: z.unknown(), ...base }),
  z.object({ event: z.literal('bot'), text: z.string().nullable().optional(), data: z.record(z.string(), z.unknown()).optional(), ...base }),
  z.object({ event: z.literal('user'), text: z.string().nullable().optional(), parse_data: z.record(z.string(), z.unknown()).optional(), input_channel: z.string().optional(), message_id: z.string().optional(), ...base }),
  z.object({ event: z.literal('action'), name: z.string().min(1), policy: z.string().optional(), confidence: z.number().optional(), ...base }),
  z.object({ event: z.literal('followup'), name: z.string().min(1), ...base }),
  z.object({ event: z.literal('reset_slots'), ...base }),
  z.object({ event: z.literal('restart'), ...base }),
  z.object({ event: z.literal('session_started'), ...base }),
  z.object({ event: z.literal('pause'), ...base }),
  z.object({ event: z.literal('resume'), ...base }),
  z.object({ event: z.literal('rewind'), ...base }),
  z.object({ event: z.literal('undo'), ...base }),
  z.object({ event: z.literal('export'), ...base }),
  z.object({ event: z.literal('active_loop'), name: z.string().nullable(), ...base }),
  z.object({ event: z.literal('entities'), entities: z.array(z.unknown()), ...base }),
]);

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
    const parsed = rasaEvent.safeParse(item);
    if (!parsed.success) {
      const type = typeof item === 'object' && item !== null ? (item as { event?: unknown }).event : undefined;
      throw new InvalidEventsError(`event ${index} (${JSON.stringify(type ?? null)}) is not a supported Rasa event: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    }
    const e = parsed.data;
    if (e.event === 'slot' && !(e.name in domain.slots)) {
      throw new InvalidEventsError(`event ${index} sets slot '${e.name}', which is not defined in the domain`);
    }
    const timestamp = e.timestamp ?? nowSeconds;
    switch (e.event) {
      case 'bot':
        return { ...e, timestamp, text: e.text ?? null, data: e.data ?? {} } as Event;
      case 'user':
        return { ...e, timestamp, text: e.text ?? null, parse_data: { commands: [], ...(e.parse_data ?? {}) } } as Event;
      default:
        return { ...e, timestamp } as Event;
    }
  });
}

const response = z
  .object({
    text: z.string().nullable().optional(),
    buttons: z.array(z.object({ title: z.string(), payload: z.string() })).optional(),
    image: z.string().nullable().optional(),
    custom: z.unknown().optional(),
    attachment: z.unknown().optional(),
    elements: z.unknown().optional(),
    response: z.string().nullable().optional(),
    template: z.string().nullable().optional(),
  })
  .passthrough();

/**
 * Action-server `responses`: literal messages, or a domain response by name (`response`/`template`)
 * rendered with the slots plus the extra keys of the entry as template variables.
 */
export function toBotMessages(
  raw: readonly unknown[],
  domain: Domain,
  scope: { slots: Readonly<Record<string, unknown>>; channel?: string; random: RandomSource },
): BotMessage[] {
  const messages: BotMessage[] = [];
  for (const [index, item] of raw.entries()) {
    const parsed = response.safeParse(item);
    if (!parsed.success) throw new InvalidEventsError(`response ${index} is not a valid message: ${parsed.error.issues[0]?.message ?? 'invalid'}`);
    const { text, buttons, image, custom, attachment, response: name, template, elements: _elements, ...vars } = parsed.data;
    const responseName = name ?? template;
    if (responseName) {
      const variations = domain.responses[responseName];
      if (!variations) throw new InvalidEventsError(`response ${index} names '${responseName}', which is not defined in the domain`);
      const slots = { ...scope.slots, ...vars };
      const variation = selectVariation(variations, { slots, ...(scope.channel ? { channel: scope.channel } : {}) }, scope.random);
      if (variation) messages.push(renderResponse(responseName, variation, { slots }));
      continue;
    }
    messages.push({
      ...(text != null ? { text } : {}),
      ...(buttons ? { buttons } : {}),
      ...(image != null ? { image } : {}),
      ...(custom !== undefined ? { custom } : {}),
      ...(attachment !== undefined ? { attachment } : {}),
    });
  }
  return messages;
}
