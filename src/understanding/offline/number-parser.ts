/**
 * Numbers in user messages: digits ("1,000", "50.25", "$50", "1.5k", "2 million") and
 * written numbers ("fifty", "two hundred and fifty", "a thousand").
 * @module
 */
import { normalize } from './text.ts';

export interface NumberMention {
  readonly value: number;
  /** Character offsets in the normalized text. */
  readonly start: number;
  readonly end: number;
}

// Maps, not object literals: a word such as "constructor" must not find Object.prototype's members.
const UNITS: ReadonlyMap<string, number> = new Map(Object.entries({
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17,
  eighteen: 18, nineteen: 19, twenty: 20, thirty: 30, forty: 40, fourty: 40, fifty: 50, sixty: 60,
  seventy: 70, eighty: 80, ninety: 90,
}));
const SCALES: ReadonlyMap<string, number> = new Map(Object.entries({ hundred: 100, thousand: 1_000, grand: 1_000, million: 1_000_000, billion: 1_000_000_000 }));
const SUFFIX_SCALES: ReadonlyMap<string, number> = new Map(Object.entries({ k: 1_000, m: 1_000_000, mm: 1_000_000, bn: 1_000_000_000 }));

const DIGITS = /(?:[$€£¥]\s?)?-?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?(?:\s?(k|mm|m|bn)\b)?(?:\s+(hundred|thousand|million|billion|grand)\b)?/g;
const LETTERS = /[a-z]+/g;
const HYPHEN_BETWEEN_WORDS = /(\w)-(\w)/g;
const GLUED = /[a-z@_]/;
const SIGNS = /[$€£¥,\s]/g;
const SCALE_WORDS = /(k|mm|m|bn|hundred|thousand|million|billion|grand)+$/;

/** Every number mentioned in `text`, in order. */
export function findNumbers(text: string): NumberMention[] {
  const lower = normalize(text);
  // "twenty-five" reads as "twenty five"; most messages have no hyphen to replace
  const normalized = lower.includes('-') ? lower.replace(HYPHEN_BETWEEN_WORDS, '$1 $2') : lower;
  const found: NumberMention[] = [];
  // an exec loop, not matchAll: matchAll copies the regex for every message
  DIGITS.lastIndex = 0;
  for (let match = DIGITS.exec(normalized); match; match = DIGITS.exec(normalized)) {
    // skip digits glued to letters ("abc123", "@john2")
    const before = normalized[match.index - 1];
    if (before !== undefined && GLUED.test(before)) continue;
    const raw = match[0].replace(SIGNS, '').replace(SCALE_WORDS, '');
    let value = Number(raw);
    if (match[1]) value *= SUFFIX_SCALES.get(match[1])!;
    if (match[2]) value *= SCALES.get(match[2])!;
    if (Number.isFinite(value)) found.push({ value: round(value), start: match.index, end: match.index + match[0].length });
  }
  found.push(...findWrittenNumbers(normalized));
  return found.sort((a, b) => a.start - b.start);
}

/** The single number a short answer gives ("fifty", "$1,000", "1.5k"), or the first one mentioned. */
export function parseNumber(text: string): number | undefined {
  return findNumbers(text)[0]?.value;
}

function findWrittenNumbers(normalized: string): NumberMention[] {
  const tokens = normalized.match(LETTERS) ?? [];
  const found: NumberMention[] = [];
  // where each token starts, found only for a message that has a written number
  let starts: number[] | undefined;
  let i = 0;
  while (i < tokens.length) {
    const parsed = readWrittenNumber(tokens, i);
    if (parsed) {
      starts ??= offsets(normalized);
      found.push({ value: parsed.value, start: starts[i]!, end: starts[parsed.next - 1]! + tokens[parsed.next - 1]!.length });
      i = parsed.next;
    } else i++;
  }
  return found;
}

function offsets(normalized: string): number[] {
  const starts: number[] = [];
  LETTERS.lastIndex = 0;
  for (let match = LETTERS.exec(normalized); match; match = LETTERS.exec(normalized)) starts.push(match.index);
  return starts;
}

/** Reads "two hundred and fifty", "a thousand", "one million two hundred thousand" from `start`. */
function readWrittenNumber(tokens: readonly string[], start: number): { value: number; next: number } | undefined {
  let total = 0;
  let current = 0;
  let consumed = 0;
  let i = start;
  // "a hundred", "a thousand": only with a scale right after
  if (tokens[i] === 'a' && tokens[i + 1] !== undefined && SCALES.get(tokens[i + 1]!) !== undefined) {
    current = 1;
    i++;
  }
  for (; i < tokens.length; i++) {
    const token = tokens[i]!;
    const unit = UNITS.get(token);
    const scale = SCALES.get(token);
    if (unit !== undefined) {
      // "twenty five" combines; "three fifty" is two numbers
      const afterUnit = consumed === i && consumed > start && UNITS.get(tokens[i - 1]!) !== undefined;
      if (afterUnit && !(current % 100 >= 20 && current % 10 === 0 && unit < 10)) break;
      current += unit;
      consumed = i + 1;
    } else if (scale !== undefined && (current > 0 || consumed > 0)) {
      if (scale === 100) current *= 100;
      else {
        total += current * scale;
        current = 0;
      }
      consumed = i + 1;
    } else if (token === 'and' && consumed === i && (total > 0 || current >= 100)) {
      continue;
    } else break;
  }
  if (consumed === 0) return undefined;
  return { value: total + current, next: consumed };
}

function round(value: number): number {
  return Math.round(value * 1e6) / 1e6;
}
