/**
 * Splits a predicate into tokens the way pypred's lexer does: numbers first, then runs of
 * `[\w.:;-]` (identifiers and keywords, keywords case-insensitive), quoted strings without
 * escapes, operators, and `#` comments.
 * @module
 */

const KEYWORDS = ['and', 'or', 'not', 'is', 'contains', 'matches', 'true', 'false', 'null', 'undefined', 'empty'] as const;
export type Keyword = (typeof KEYWORDS)[number];

export type Token =
  | { readonly type: 'keyword'; readonly value: Keyword; readonly offset: number; readonly text: string }
  | { readonly type: 'word' | 'string' | 'number' | 'op' | 'punct'; readonly value: string; readonly offset: number; readonly text: string }
  | { readonly type: 'end'; readonly value: ''; readonly offset: number; readonly text: '' };

export class PredicateSyntaxError extends Error {
  constructor(
    message: string,
    readonly offset: number,
  ) {
    super(message);
  }
}

const NUMBER = /-?\d+(?:\.\d+)?/y;
const WORD = /[\p{L}\p{N}_\-.:;]+/uy;
const OPERATORS = ['>=', '<=', '==', '!=', '>', '<', '='] as const;
const PUNCT = '(){}';

function matchAt(re: RegExp, source: string, offset: number): string | undefined {
  re.lastIndex = offset;
  return re.exec(source)?.[0];
}

function isKeyword(word: string): word is Keyword {
  return (KEYWORDS as readonly string[]).includes(word);
}

export function tokenize(source: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < source.length) {
    const ch = source[i]!;
    if (/\s/.test(ch)) {
      i++;
      continue;
    }
    if (ch === '#') {
      const newline = source.indexOf('\n', i);
      i = newline === -1 ? source.length : newline;
      continue;
    }
    if (ch === '"' || ch === "'") {
      const close = source.indexOf(ch, i + 1);
      if (close === -1) throw new PredicateSyntaxError(`unterminated string: add the closing ${ch}`, i);
      tokens.push({ type: 'string', value: source.slice(i + 1, close), offset: i, text: source.slice(i, close + 1) });
      i = close + 1;
      continue;
    }
    const number = matchAt(NUMBER, source, i);
    if (number !== undefined) {
      tokens.push({ type: 'number', value: number, offset: i, text: number });
      i += number.length;
      continue;
    }
    const word = matchAt(WORD, source, i);
    if (word !== undefined) {
      const lower = word.toLowerCase();
      tokens.push(isKeyword(lower) ? { type: 'keyword', value: lower, offset: i, text: word } : { type: 'word', value: word, offset: i, text: word });
      i += word.length;
      continue;
    }
    const op = OPERATORS.find((o) => source.startsWith(o, i));
    if (op !== undefined) {
      tokens.push({ type: 'op', value: op, offset: i, text: op });
      i += op.length;
      continue;
    }
    if (PUNCT.includes(ch)) {
      tokens.push({ type: 'punct', value: ch, offset: i, text: ch });
      i++;
      continue;
    }
    const hint = ch === ',' ? ' (set items are separated by spaces: {"a" "b"})' : '';
    throw new PredicateSyntaxError(`unexpected character '${ch}'${hint}`, i);
  }
  tokens.push({ type: 'end', value: '', offset: source.length, text: '' });
  return tokens;
}
