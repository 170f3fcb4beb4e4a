/**
 * Rasa's default response templating (`rasa/core/nlg/interpolator.py`): every `{name}` becomes
 * `{0[name]}` and the string goes through Python's `str.format(values)`. Consequences kept here:
 * values print as Python `str()` (None, True, 5.0 stays as the engine stored it), `{{` and `}}`
 * are brace escapes, and a name with no value (or a stray brace) leaves the string untouched.
 * @module
 */
import { pyStr } from '../predicates/python-values.ts';

const PLACEHOLDER = /\{([^\n{}]+?)\}/g;
const FIELD_PREFIX = '{0[';

/**
 * A format string split into literal texts and the `{0[name]}` fields between them (`texts` has one
 * more entry than `names`); `null` where Python raises whatever the values.
 */
interface FormatString {
  readonly texts: readonly string[];
  readonly names: readonly string[];
}

/** Python `str.format` restricted to `{0[key]}` fields, parsed once: what it raises on does not depend on the values. */
function parseFormat(text: string): FormatString | null {
  const texts: string[] = [];
  const names: string[] = [];
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      out += ch;
      i += 2;
    } else if (ch === '}') {
      return null;
    } else if (ch === '{') {
      if (!text.startsWith(FIELD_PREFIX, i)) return null;
      const close = text.indexOf(']', i);
      const key = text.slice(i + FIELD_PREFIX.length, close);
      // Python looks up an all-digit key as an int, which a dict of slot names never holds.
      if (close === -1 || text[close + 1] !== '}' || /^\d+$/.test(key)) return null;
      texts.push(out);
      names.push(key);
      out = '';
      i = close + 2;
    } else {
      out += ch;
      i++;
    }
  }
  texts.push(out);
  return { texts, names };
}

/** Per response text (texts come from the domain): its fields once rewritten, and the text with no values. */
interface Template {
  readonly fields: FormatString | null;
  /** What a `{{name}}` escape gives: the text formatted with no values. */
  readonly unescaped: string;
}

const templates = new Map<string, Template>();
/** Bounded like the predicate cache: reloaded assistants bring new texts. */
const TEMPLATES_KEPT = 5000;

function templateOf(text: string): Template {
  let template = templates.get(text);
  if (template === undefined) {
    const bare = parseFormat(text);
    template = { fields: parseFormat(text.replace(PLACEHOLDER, '{0[$1]}')), unescaped: bare && bare.names.length === 0 ? bare.texts[0]! : text };
    if (templates.size >= TEMPLATES_KEPT) templates.clear();
    templates.set(text, template);
  }
  return template;
}

/** A field's value: `values`, then `context` under the name `context`; undefined when it has none. */
function valueOf(name: string, values: Readonly<Record<string, unknown>>, context: Readonly<Record<string, unknown>> | undefined): unknown {
  if (Object.hasOwn(values, name)) return values[name];
  return context !== undefined && name === 'context' ? context : undefined;
}

/**
 * Fills `{name}` placeholders in `text` from `values` exactly as Rasa's format interpolation does.
 * `context`, when given, is the value of `{context}` unless `values` holds one of that name.
 */
export function interpolateFormat(text: string, values: Readonly<Record<string, unknown>>, context?: Readonly<Record<string, unknown>>): string {
  if (!text.includes('{') && !text.includes('}')) return text;
  const template = templateOf(text);
  const fields = template.fields;
  if (fields === null) return text;
  let filled = fields.texts[0]!;
  for (let i = 0; i < fields.names.length; i++) {
    const value = valueOf(fields.names[i]!, values, context);
    if (value === undefined) return text;
    filled += pyStr(value) + fields.texts[i + 1]!;
  }
  // A `{{name}}` escape survives as `{0[name]}`: Rasa then formats the original with no values.
  if (filled.includes('0[')) return template.unescaped;
  return filled;
}
