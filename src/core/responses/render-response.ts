/**
 * Turns a chosen response variation into the message a channel shows, filling slot values in
 * the way Rasa's templated NLG does.
 * @module
 */
import type { ResponseVariation } from '../domain.ts';
import type { BotMessage } from '../events.ts';
import { renderTemplate, TemplateSyntaxError } from '../predicates/index.ts';
import { interpolateFormat } from './format-interpolation.ts';

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

function interpolatorFor(variation: ResponseVariation, scope: ResponseScope): Interpolate {
  const values = { context: scope.context ?? {}, ...scope.slots };
  if (variation.metadata?.['template'] !== 'jinja') return (text) => interpolateFormat(text, values);
  return (text) => {
    try {
      return renderTemplate(text, values);
    } catch (error) {
      // Rasa logs a broken Jinja template and sends the text unrendered.
      if (error instanceof TemplateSyntaxError) return text;
      throw error;
    }
  };
}

/**
 * Renders `variation` of response `name`: `{slot}` placeholders (or Jinja with `slots…` and
 * `context` when `metadata.template` is `jinja`) in text, buttons, image, custom and attachment;
 * `utter_action` set to `name`; `metadata` passed through.
 */
export function renderResponse(name: string, variation: ResponseVariation, scope: ResponseScope): BotMessage {
  const interpolate = interpolatorFor(variation, scope);
  return {
    ...(variation.text !== undefined && { text: interpolate(variation.text) }),
    ...(variation.buttons !== undefined && { buttons: interpolateDeep(variation.buttons, interpolate) }),
    ...(variation.image !== undefined && { image: interpolate(variation.image) }),
    ...(variation.custom !== undefined && { custom: interpolateDeep(variation.custom, interpolate) }),
    ...(variation.attachment !== undefined && { attachment: interpolateDeep(variation.attachment, interpolate) }),
    utter_action: name,
    ...(variation.metadata !== undefined && { metadata: variation.metadata }),
  };
}
