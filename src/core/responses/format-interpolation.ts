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

/** Python `str.format` restricted to `{0[key]}` fields; undefined where Python would raise. */
function pythonFormat(text: string, values: Readonly<Record<string, unknown>> | undefined): string | undefined {
  let out = '';
  let i = 0;
  while (i < text.length) {
    const ch = text[i]!;
    if ((ch === '{' || ch === '}') && text[i + 1] === ch) {
      out += ch;
      i += 2;
    } else if (ch === '}') {
      return undefined;
    } else if (ch === '{') {
      if (!values || !text.startsWith(FIELD_PREFIX, i)) return undefined;
      const close = text.indexOf(']', i);
      const key = text.slice(i + FIELD_PREFIX.length, close);
      // Python looks up an all-digit key as an int, which a dict of slot names never holds.
      if (close === -1 || text[close + 1] !== '}' || /^\d+$/.test(key)) return undefined;
      if (!Object.hasOwn(values, key) || values[key] === undefined) return undefined;
      out += pyStr(values[key]);
      i = close + 2;
    } else {
      out += ch;
      i++;
    }
  }
  return out;
}

/** Fills `{name}` placeholders in `text` from `values` exactly as Rasa's format interpolation does. */
export function interpolateFormat(text: string, values: Readonly<Record<string, unknown>>): string {
  if (!text.includes('{') && !text.includes('}')) return text;
  const filled = pythonFormat(text.replace(PLACEHOLDER, '{0[$1]}'), values);
  if (filled === undefined) return text;
  // A `{{name}}` escape survives as `{0[name]}`: Rasa then formats the original with no values.
  if (filled.includes('0[')) return pythonFormat(text, undefined) ?? text;
  return filled;
}
