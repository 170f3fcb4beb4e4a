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

export const WEIGHTS = { word: 1, concept: 1.2, bigram: 0.5, trigram: 0.1 } as const;

const DIGITS_ONLY = /^\d+$/;

/**
 * The features a word adds, in the order it adds them: `word`, `concept`, then the bigram with the
 * previous word's stem (`bigram`), then `trigrams`.
 */
export interface WordFeatures {
  readonly stem: string;
  readonly word: string;
  readonly concept?: string;
  readonly trigrams: readonly string[];
}

/** A token's features, or `undefined` for a stop word or a number (which add none, nor a bigram). */
export function wordFeatures(token: string): WordFeatures | undefined {
  // "john's" → "john"
  const apostrophe = token.indexOf("'");
  const word = apostrophe < 0 ? token : token.slice(0, apostrophe);
  if (STOP_WORDS.has(word) || DIGITS_ONLY.test(word)) return undefined;
  const stemmed = stem(word);
  const concept = conceptOf(stemmed);
  const padded = `#${stemmed}#`;
  const trigrams: string[] = [];
  for (let j = 0; j + 3 <= padded.length; j++) trigrams.push(`t:${padded.slice(j, j + 3)}`);
  return { stem: stemmed, word: `w:${stemmed}`, ...(concept && { concept: `c:${concept}` }), trigrams };
}

export function bigram(previousStem: string, stem: string): string {
  return `b:${previousStem}_${stem}`;
}

/** Adds to a feature's count (a module function, not a closure per message). */
function add(counts: FeatureWeights, feature: string, weight: number): void {
  counts.set(feature, (counts.get(feature) ?? 0) + weight);
}

/** Raw (un-normalized) term counts of a sentence's words (`words(text)`). */
export function termCounts(tokens: readonly string[]): FeatureWeights {
  const counts: FeatureWeights = new Map();
  let previous: string | undefined;
  for (const token of tokens) {
    const features = wordFeatures(token);
    if (!features) continue;
    add(counts, features.word, WEIGHTS.word);
    if (features.concept) add(counts, features.concept, WEIGHTS.concept);
    if (previous !== undefined) add(counts, bigram(previous, features.stem), WEIGHTS.bigram);
    previous = features.stem;
    for (const trigram of features.trigrams) add(counts, trigram, WEIGHTS.trigram);
  }
  return counts;
}

/** TF-IDF weighted, L2-normalized vector of a training sentence (every feature has an idf). */
export function weigh(counts: FeatureWeights, idf: Readonly<Record<string, number>>): FeatureWeights {
  const vector: FeatureWeights = new Map();
  let norm = 0;
  for (const [feature, count] of counts) {
    const weight = count * idf[feature]!;
    vector.set(feature, weight);
    norm += weight ** 2;
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
