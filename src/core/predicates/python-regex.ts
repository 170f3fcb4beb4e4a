/**
 * Compiles a Python `re` pattern (what Rasa users write after `matches`) into a JS RegExp,
 * translating the syntax the two dialects spell differently.
 * @module
 */

const INLINE_FLAGS = /^\(\?([aiLmsux]+)\)/;

/** Throws a SyntaxError when the pattern is not a valid regular expression. */
export function compilePythonRegex(pattern: string): RegExp {
  let flags = '';
  const inline = INLINE_FLAGS.exec(pattern);
  let body = pattern;
  if (inline) {
    flags = [...new Set(inline[1]!.replace(/[^ims]/g, ''))].join('');
    body = pattern.slice(inline[0].length);
  }
  body = body
    .replace(/\(\?P<(\w+)>/g, '(?<$1>')
    .replace(/\(\?P=(\w+)\)/g, '\\k<$1>')
    .replace(/\\A/g, '^')
    .replace(/\\Z/g, '$');
  return new RegExp(body, flags);
}
