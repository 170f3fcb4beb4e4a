/**
 * Text normalization shared by the offline parsers and classifier: lower-casing, tokens,
 * a light English stemmer and edit distance.
 * @module
 */

/**
 * Whitespace runs other than a lone space. Replacing these with one space gives what replacing
 * every run (`/\s+/g`) gives, without copying a message that has only lone spaces.
 */
const LOOSE_WHITESPACE = / ?[^\S ]\s*| {2,}\s*/g;
const HAS_LOOSE_WHITESPACE = /[^\S ]| {2}/;

/** Every whitespace run as one space. */
export function collapseWhitespace(text: string): string {
  // the test alone is quicker than a replace that finds nothing, and most messages have nothing to replace
  return HAS_LOOSE_WHITESPACE.test(text) ? text.replace(LOOSE_WHITESPACE, ' ') : text;
}

const CURLY_APOSTROPHES = /[\u2018\u2019`]/g;
const BARE_CONTRACTIONS = /\b(?:whats|thats|its|dont|cant|wont|im|ive|id|wanna|gonna)\b/g;
const WORD = /[\p{L}\p{M}\p{N}]+(?:'\p{L}+)?/gu;

/** Contractions typed without the apostrophe. */
const CONTRACTIONS: Readonly<Record<string, string>> = {
  whats: "what's",
  thats: "that's",
  its: "it's",
  dont: "don't",
  cant: "can't",
  wont: "won't",
  im: "i'm",
  ive: "i've",
  id: "i'd",
  wanna: 'want to',
  gonna: 'going to',
};

const withApostrophe = (word: string): string => CONTRACTIONS[word] ?? word;

// A turn reads one message many ways (repair phrases, yes/no, numbers, slot values), one after
// another: the last message's reading is kept rather than made again each time.
let lastText: string | undefined;
let lastNormalized = '';
let lastWords: readonly string[] | undefined;
let lastBare: string | undefined;

function read(text: string): void {
  if (text === lastText) return;
  lastNormalized = collapseWhitespace(text.toLowerCase().replace(CURLY_APOSTROPHES, "'").replace(BARE_CONTRACTIONS, withApostrophe)).trim();
  lastWords = undefined;
  lastBare = undefined;
  lastText = text;
}

/** Lower-case, unify apostrophes and collapse whitespace; keeps `$`, `@`, digits, `.` and `,` for numbers. */
export function normalize(text: string): string {
  read(text);
  return lastNormalized;
}

/** Word tokens of a normalized text (letters of any script, digits, apostrophes inside words). */
export function words(text: string): readonly string[] {
  read(text);
  return (lastWords ??= lastNormalized.match(WORD) ?? []);
}

/** The text without surrounding punctuation, for whole-message comparisons. */
export function bare(text: string): string {
  const tokens = words(text);
  return (lastBare ??= tokens.join(' '));
}

const SUFFIXES: readonly [string, string][] = [
  ['ational', 'ate'],
  ['ization', 'ize'],
  ['fulness', 'ful'],
  ['iveness', 'ive'],
  ['ments', 'ment'],
  ['ings', ''],
  ['ing', ''],
  ['ies', 'y'],
  ['ied', 'y'],
  ['sses', 'ss'],
  ['ers', 'er'],
  ['ed', ''],
  ['es', 'e'],
  ['s', ''],
];

/**
 * A small suffix-stripping stemmer: enough to map "transfers/transferring/transferred" and
 * "contacts" onto one stem; never shortens a word below 3 letters.
 */
export function stem(word: string): string {
  if (word.length <= 3 || /\d/.test(word)) return word;
  for (const [suffix, replacement] of SUFFIXES) {
    if (!word.endsWith(suffix)) continue;
    if (suffix === 's' && (word.endsWith('ss') || word.endsWith('us') || word.endsWith('is'))) return word;
    let base = word.slice(0, -suffix.length) + replacement;
    if (base.length < 3) return word;
    // "transferr(ing)" → "transfer", "shopp(ing)" → "shop"
    if ((suffix === 'ing' || suffix === 'ed') && /([b-df-hj-np-tv-z])\1$/.test(base) && !/(ll|ss|ff|zz)$/.test(base)) {
      base = base.slice(0, -1);
    }
    return dropFinalE(base);
  }
  return dropFinalE(word);
}

/** "delete"/"deleting" → "delet", as Porter does, so both forms meet. */
function dropFinalE(word: string): string {
  return word.length > 4 && word.endsWith('e') && !word.endsWith('ee') ? word.slice(0, -1) : word;
}

/**
 * Whether one insertion, deletion or substitution at most turns `a` into `b` (Levenshtein distance
 * ≤ 1): one pass over both, no distance table.
 */
export function withinOneEdit(a: string, b: string): boolean {
  if (a.length < b.length) [a, b] = [b, a];
  if (a.length - b.length > 1) return false;
  let i = 0;
  while (i < b.length && a.charCodeAt(i) === b.charCodeAt(i)) i++;
  if (i === b.length) return true;
  // past the first difference the rest must match: after a substitution, or after the longer word's extra letter
  return a.slice(i + 1) === b.slice(a.length === b.length ? i + 1 : i);
}

const HANDLES = /@[\w.]+/g;
const CAPITALISED_AFTER_A_WORD = /(?<=\S )\p{Lu}[\p{Ll}\p{M}'-]+(?: \p{Lu}[\p{Ll}\p{M}'-]+)*/gu;
const AMOUNTS = /[$€£]?\d[\d.,]*\w*/g;

/**
 * The text with likely names, handles and numbers blanked out ("send 50 to Emma" → "send to"), so
 * that slot values, unknown to the classifier, do not dilute a flow request.
 */
export function withoutSlotValues(text: string): string {
  return collapseWhitespace(text).replace(HANDLES, ' ').replace(CAPITALISED_AFTER_A_WORD, ' ').replace(AMOUNTS, ' ');
}
