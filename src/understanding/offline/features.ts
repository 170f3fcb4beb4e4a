/**
 * Sparse feature vectors of a sentence for the flow classifier: stemmed words, lexicon concepts,
 * word bigrams and character trigrams (for typos).
 * @module
 */
import { conceptOf, STOP_WORDS } from './lexicon.ts';
import { stem } from './text.ts';

/** feature → weight; plain JSON so trained models serialize as is. */
export type SparseVector = Record<string, number>;

/** feature → weight in the order features first occur (the order sums are taken in). */
export type FeatureWeights = Map<string, number>;

const WEIGHTS = { word: 1, concept: 1.2, bigram: 0.5, trigram: 0.1 } as const;

const DIGITS_ONLY = /^\d+$/;

/** Adds to a feature's count (a module function, not a closure per message). */
function add(counts: FeatureWeights, feature: string, weight: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

/** Raw (un-normalized) term counts of a sentence's words (`words(text)`). */
export function termCounts(tokens: readonly string[]): FeatureWeights {
  const counts: FeatureWeights = new Map();
  let previous: string | undefined;
  for (const token of tokens) {
    // "john's" → "john"
    const apostrophe = token.indexOf("'");
    const word = apostrophe < 0 ? token : token.slice(0, apostrophe);
    if (STOP_WORDS.has(word) || DIGITS_ONLY.test(word)) continue;
    const s = stem(word);
    add(counts, `w:${s}`, WEIGHTS.word);
    const concept = conceptOf(s);
    if (concept) add(counts, `c:${concept}`, WEIGHTS.concept);
    if (previous !== undefined) add(counts, `b:${previous}_${s}`, WEIGHTS.bigram);
    previous = s;
    for (const trigram of trigramsOf(s)) add(counts, trigram, WEIGHTS.trigram);
  }
  return counts;
}

// A stem's trigram features, kept for the words users repeat (bounded: cleared when full).
const trigramCache = new Map<string, readonly string[]>();
const TRIGRAM_CACHE_SIZE = 10_000;

function trigramsOf(stemmed: string): readonly string[] {
  let trigrams = trigramCache.get(stemmed);
  if (trigrams) return trigrams;
  const padded = `#${stemmed}#`;
  const built: string[] = [];
  for (let j = 0; j + 3 <= padded.length; j++) built.push(`t:${padded.slice(j, j + 3)}`);
  if (trigramCache.size >= TRIGRAM_CACHE_SIZE) trigramCache.clear();
  trigramCache.set(stemmed, (trigrams = built));
  return trigrams;
}

/**
 * TF-IDF weighted, L2-normalized vector. Words unseen in training weigh `unseenIdf` in the norm so
 * that a sentence mostly about something else scores low against every class.
 */
export function weigh(counts: FeatureWeights, idf: (feature: string) => number | undefined, unseenIdf: number): FeatureWeights {
  const vector: FeatureWeights = new Map();
  let norm = 0;
  for (const [feature, count] of counts) {
    const seen = idf(feature);
    if (seen !== undefined) {
      vector.set(feature, count * seen);
      norm += (count * seen) ** 2;
    } else if (feature.startsWith('w:') && !counts.has(`c:${conceptOf(feature.slice(2))}`)) {
      // an unknown word weighs against every class, unless the lexicon already stands for it
      norm += (count * unseenIdf) ** 2;
    }
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const [feature, x] of vector) vector.set(feature, x / norm);
  return vector;
}

/** The vector scaled to unit length. */
export function unit(vector: SparseVector): SparseVector {
  const norm = Math.sqrt(Object.values(vector).reduce((total, x) => total + x * x, 0));
  return norm > 0 ? Object.fromEntries(Object.entries(vector).map(([f, x]) => [f, x / norm])) : {};
}
