/**
 * Turns a chosen response variation into the message a channel shows, filling slot values in
 * the way Rasa's templated NLG does.
 * @module
 */
import type { ResponseVariation } from '../domain.ts';
import type { BotMessage } from '../events.ts';
import { interpolateFormat } from './format-interpolation.ts';
import { renderJinja } from './jinja-template.ts';

export interface ResponseScope {
  /** Every declared slot, unset ones as `null` (Rasa prints them as `None`). */
  readonly slots: Readonly<Record<string, unknown>>;
  /** Properties of the active frame, for `{{ context.x }}` in `template: jinja` responses. */
  readonly context?: Readonly<Record<string, unknown>>;
}

type Interpolate = (text: string) => string;

/** Rasa interpolates every string inside lists and objects (button titles, payloads, custom JSON), never keys. */
function interpolateDeep<T>(value: T, interpolate: Interpolate): T {
  if (typeof value === 'string') return interpolate(value) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => interpolateDeep(item, interpolate)) as T;
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(Object.entries(value).map(([k, v]) => [k, interpolateDeep(v, interpolate)])) as T;
  }
  return value;
}

const NO_CONTEXT: Readonly<Record<string, unknown>> = Object.freeze({});

function interpolatorFor(variation: ResponseVariation, scope: ResponseScope): Interpolate {
  const context = scope.context ?? NO_CONTEXT;
  if (variation.metadata?.['template'] !== 'jinja') return (text) => interpolateFormat(text, scope.slots, context);
  // Most texts have no placeholder: the copy of every slot is made only when one needs it.
  let values: Readonly<Record<string, unknown>> | undefined;
  return (text) => {
    if (!text.includes('{')) return text;
    try {
      return renderJinja(text, (values ??= { context, ...scope.slots }));
    } catch {
      // Rasa sends a template that fails to render unrendered (and logs it).
      return text;
    }
  };
}

/**
 * Renders `variation` of response `name`: `{slot}` placeholders (or Jinja with the slots by name,
 * `context` and the call's extra values, as Rasa's NLG gives them, when `metadata.template` is `jinja`) in text, buttons, image, custom and attachment;
 * `utter_action` set to `name`; `metadata` passed through.
 */
export function renderResponse(name: string, variation: ResponseVariation, scope: ResponseScope): BotMessage {
  const interpolate = interpolatorFor(variation, scope);
  // Assigned one by one rather than with conditional spreads, which are slow on every utterance.
  const message: { -readonly [K in keyof BotMessage]: BotMessage[K] } = {};
  if (variation.text !== undefined) message.text = interpolate(variation.text);
  if (variation.buttons !== undefined) message.buttons = interpolateDeep(variation.buttons, interpolate);
  if (variation.image !== undefined) message.image = interpolate(variation.image);
  if (variation.custom !== undefined) message.custom = interpolateDeep(variation.custom, interpolate);
  if (variation.attachment !== undefined) message.attachment = interpolateDeep(variation.attachment, interpolate);
  message.utter_action = name;
  if (variation.metadata !== undefined) message.metadata = variation.metadata;
  if (variation.allowInterruptions === false) message.allow_interruptions = false;
  return message;
}
