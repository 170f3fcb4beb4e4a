/**
 * Sparse feature vectors of a sentence for the flow classifier: stemmed words, lexicon concepts,
 * word bigrams and character trigrams (for typos).
 * @module
 */
import { conceptOf, STOP_WORDS } from './lexicon.ts';
import { stem, words } from './text.ts';

/** feature → weight; plain JSON so trained models serialize as is. */
export type SparseVector = Record<string, number>;

const WEIGHTS = { word: 1, concept: 1.2, bigram: 0.5, trigram: 0.1 } as const;

/** Raw (un-normalized) term counts of a sentence. */
export function termCounts(text: string): SparseVector {
  const counts: SparseVector = {};
  const add = (feature: string, weight: number) => {
    counts[feature] = (counts[feature] ?? 0) + weight;
  };
  const stems = words(text)
    .map((w) => w.replace(/'.*$/, ''))
    .filter((w) => !STOP_WORDS.has(w) && !/^\d+$/.test(w))
    .map(stem);
  stems.forEach((s, i) => {
    add(`w:${s}`, WEIGHTS.word);
    const concept = conceptOf(s);
    if (concept) add(`c:${concept}`, WEIGHTS.concept);
    if (i > 0) add(`b:${stems[i - 1]}_${s}`, WEIGHTS.bigram);
    const padded = `#${s}#`;
    for (let j = 0; j + 3 <= padded.length; j++) add(`t:${padded.slice(j, j + 3)}`, WEIGHTS.trigram);
  });
  return counts;
}

/**
 * TF-IDF weighted, L2-normalized vector. Words unseen in training weigh `unseenIdf` in the norm so
 * that a sentence mostly about something else scores low against every class.
 */
export function weigh(counts: SparseVector, idf: Readonly<Record<string, number>>, unseenIdf: number): SparseVector {
  const vector: SparseVector = {};
  let norm = 0;
  for (const [feature, count] of Object.entries(counts)) {
    const seen = idf[feature];
    if (seen !== undefined) {
      vector[feature] = count * seen;
      norm += (count * seen) ** 2;
    } else if (feature.startsWith('w:') && !counts[`c:${conceptOf(feature.slice(2))}`]) {
      // an unknown word weighs against every class, unless the lexicon already stands for it
      norm += (count * unseenIdf) ** 2;
    }
  }
  norm = Math.sqrt(norm);
  if (norm > 0) for (const feature of Object.keys(vector)) vector[feature] = vector[feature]! / norm;
  return vector;
}

/** The vector scaled to unit length. */
export function unit(vector: SparseVector): SparseVector {
  const norm = Math.sqrt(Object.values(vector).reduce((total, x) => total + x * x, 0));
  return norm > 0 ? Object.fromEntries(Object.entries(vector).map(([f, x]) => [f, x / norm])) : {};
}
