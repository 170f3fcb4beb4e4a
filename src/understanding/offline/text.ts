/**
 * Text normalization shared by the offline parsers and classifier: lower-casing, tokens,
 * a light English stemmer and edit distance.
 * @module
 */

/** Lower-case, unify apostrophes and collapse whitespace; keeps `$`, `@`, digits, `.` and `,` for numbers. */
export function normalize(text: string): string {
  return text
    .toLowerCase()
    .replace(/[\u2018\u2019`]/g, "'")
    .replace(/\b(whats|thats|its|dont|cant|wont|im|ive|id|wanna|gonna)\b/g, (word) => CONTRACTIONS[word] ?? word)
    .replace(/\s+/g, ' ')
    .trim();
}

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

// A turn reads one message many ways (repair phrases, yes/no, numbers, slot values), one after
// another: the last message's words are kept rather than split again each time.
let lastText: string | undefined;
let lastWords: readonly string[] = [];

/** Word tokens of a normalized text (letters of any script, digits, apostrophes inside words). */
export function words(text: string): readonly string[] {
  if (text !== lastText) {
    lastWords = normalize(text).match(/[\p{L}\p{M}\p{N}]+(?:'\p{L}+)?/gu) ?? [];
    lastText = text;
  }
  return lastWords;
}

/** The text without surrounding punctuation, for whole-message comparisons. */
export function bare(text: string): string {
  return words(text).join(' ');
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

/**
 * The text with likely names, handles and numbers blanked out ("send 50 to Emma" → "send to"), so
 * that slot values, unknown to the classifier, do not dilute a flow request.
 */
export function withoutSlotValues(text: string): string {
  return text
    .replace(/\s+/g, ' ')
    .replace(/@[\w.]+/g, ' ')
    .replace(/(?<=\S )\p{Lu}[\p{Ll}\p{M}'-]+(?: \p{Lu}[\p{Ll}\p{M}'-]+)*/gu, ' ')
    .replace(/[$€£]?\d[\d.,]*\w*/g, ' ');
}
