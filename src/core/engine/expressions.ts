/**
 * The engine's one door to the predicate language and response rendering. Predicate errors count
 * as false (Rasa logs and goes on); names without `{` skip template rendering.
 * @module
 */
import { hasKeys } from '../plain-object.ts';
import { evaluatePredicate, renderTemplate } from '../predicates/index.ts';
import { renderResponse, selectVariation } from '../responses/index.ts';
import type { Draft } from './draft.ts';

export interface Scope {
  readonly slots: Readonly<Record<string, unknown>>;
  readonly context: Readonly<Record<string, unknown>>;
}

/**
 * `text{{ context.key }}text…` templates split once into text parts and context keys. The collect
 * pattern renders such action names and branch predicates on every step; the general renderer
 * re-scans the template each time.
 */
interface ContextTemplate {
  readonly texts: readonly string[];
  readonly keys: readonly string[];
  /**
   * A one-key template's renderings by value (up to `RENDERINGS_KEPT`): the same string each time,
   * so the action-name and predicate look-ups it goes to hash it once, not once per step.
   */
  readonly renderings: Map<string, string>;
}

const RENDERINGS_KEPT = 256;

const SIMPLE_CONTEXT_EXPRESSION = /\{\{\s*context\.([A-Za-z_]\w*)\s*\}\}/g;
const compiled = new Map<string, ContextTemplate | null>();

function compileContextTemplate(template: string): ContextTemplate | null {
  let out = compiled.get(template);
  if (out !== undefined) return out;
  const texts: string[] = [];
  const keys: string[] = [];
  let last = 0;
  for (const m of template.matchAll(SIMPLE_CONTEXT_EXPRESSION)) {
    texts.push(template.slice(last, m.index));
    keys.push(m[1]!);
    last = m.index + m[0].length;
  }
  texts.push(template.slice(last));
  out = keys.length > 0 && !texts.some((t) => /\{[{#%]/.test(t)) ? { texts, keys, renderings: new Map() } : null;
  compiled.set(template, out);
  return out;
}

/** Fast path for compiled templates whose values are strings (rendered as-is); undefined otherwise. */
function renderContextTemplate(template: string, context: Readonly<Record<string, unknown>>): string | undefined {
  const t = compileContextTemplate(template);
  if (!t) return undefined;
  let out = t.texts[0]!;
  for (let i = 0; i < t.keys.length; i++) {
    const value = Object.hasOwn(context, t.keys[i]!) ? context[t.keys[i]!] : undefined;
    if (typeof value !== 'string') return undefined;
    if (t.keys.length === 1) return t.renderings.get(value) ?? remember(t.renderings, value, out + value + t.texts[1]!);
    out += value + t.texts[i + 1]!;
  }
  return out;
}

function remember(renderings: Map<string, string>, value: string, rendered: string): string {
  if (renderings.size < RENDERINGS_KEPT) renderings.set(value, rendered);
  return rendered;
}

export function holds(condition: string | boolean, scope: Scope): boolean {
  if (typeof condition === 'boolean') return condition;
  const predicate = condition.includes('{') ? (renderContextTemplate(condition, scope.context) ?? condition) : condition;
  try {
    return evaluatePredicate(predicate, scope) === true;
  } catch {
    return false;
  }
}

/** Renders a template that sees only `context` (action names). */
export function renderWithContext(template: string, context: Readonly<Record<string, unknown>>): string {
  if (!template.includes('{')) return template;
  return renderContextTemplate(template, context) ?? render(template, { context });
}

function render(template: string, scope: Readonly<Record<string, unknown>>): string {
  if (!template.includes('{')) return template;
  try {
    return renderTemplate(template, scope);
  } catch {
    return template;
  }
}

export const INTERNAL_ERROR_RESPONSE = 'utter_internal_error_rasa';

/**
 * Utters a domain response: picks a variation (condition/channel aware) and renders it.
 * Returns false when the response does not exist.
 */
export function utter(d: Draft, name: string, context: Readonly<Record<string, unknown>>, extra: Readonly<Record<string, unknown>> = {}): boolean {
  const variations = d.assistant.domain.responses[name];
  if (!variations) return false;
  const channel = d.ctx.channel ?? d.live.latest_input_channel ?? undefined;
  const variation = selectVariation(variations, { slots: d.slots, channel }, d.ctx.random);
  if (!variation) {
    if (name !== INTERNAL_ERROR_RESPONSE) return utter(d, INTERNAL_ERROR_RESPONSE, context, extra);
    return false;
  }
  // Extra values (e.g. a rejected `value`) are visible to templates like slots, as Rasa's NLG kwargs are.
  const slots = hasKeys(extra) ? { ...d.slots, ...extra } : d.slots;
  // A new message with utter_action set to name: said as it is, no second copy.
  d.say(renderResponse(name, variation, { slots, context }));
  return true;
}
