/**
 * A nearest-example TF-IDF classifier over flow documents (name, description, NLU examples):
 * each class scores the best cosine against its examples blended with its centroid.
 * @module
 */
import { cosine, termCounts, unit, weigh, type SparseVector } from './features.ts';
import { conceptOf, STOP_WORDS } from './lexicon.ts';
import { editDistance, stem, words } from './text.ts';

export interface ClassifierModel {
  readonly idf: Readonly<Record<string, number>>;
  readonly unseenIdf: number;
  /** Training words of five letters or more, for typo correction of the query. */
  readonly vocabulary: readonly string[];
  readonly classes: readonly ClassifierClass[];
}

export interface ClassifierClass {
  readonly label: string;
  readonly examples: readonly SparseVector[];
  readonly centroid: SparseVector;
}

export interface TrainingClass {
  readonly label: string;
  readonly texts: readonly string[];
}

export interface Scored {
  readonly label: string;
  readonly score: number;
}

const EXAMPLE_SHARE = 0.7;

export function trainClassifier(classes: readonly TrainingClass[]): ClassifierModel {
  const counted = classes.map((c) => ({ label: c.label, counts: c.texts.map(termCounts) }));
  const documentFrequency = new Map<string, number>();
  let documents = 0;
  for (const c of counted) {
    for (const counts of c.counts) {
      documents++;
      for (const feature of Object.keys(counts)) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
    }
  }
  const idf: Record<string, number> = {};
  for (const [feature, df] of documentFrequency) idf[feature] = round(Math.log((documents + 1) / (df + 0.5)) + 1);
  const unseenIdf = round(Math.log((documents + 1) / 0.5) + 1);
  const vocabulary = [...new Set(classes.flatMap((c) => c.texts.flatMap(words)).filter((w) => w.length >= 5))].sort();
  return {
    idf,
    unseenIdf,
    vocabulary,
    classes: counted.map(({ label, counts }) => {
      const examples = counts.map((c) => compact(weigh(c, idf, unseenIdf)));
      return { label, examples, centroid: compact(unit(sum(examples))) };
    }),
  };
}

/** Every class with its score in [0, 1], best first. */
export function classify(model: ClassifierModel, text: string): Scored[] {
  const query = weigh(termCounts(correctTypos(text, model.vocabulary)), model.idf, model.unseenIdf);
  return model.classes
    .map((c) => {
      const best = Math.max(0, ...c.examples.map((e) => cosine(query, e)));
      return { label: c.label, score: EXAMPLE_SHARE * best + (1 - EXAMPLE_SHARE) * cosine(query, c.centroid) };
    })
    .sort((a, b) => b.score - a.score);
}

/** Replaces unknown words with a training word one edit away ("balnce" → "balance"). */
function correctTypos(text: string, vocabulary: readonly string[]): string {
  return words(text)
    .map((word) => {
      if (word.length < 5 || STOP_WORDS.has(word) || conceptOf(stem(word)) || vocabulary.includes(word)) return word;
      return vocabulary.find((known) => editDistance(word, known, 1) <= 1) ?? word;
    })
    .join(' ');
}

function sum(vectors: readonly SparseVector[]): SparseVector {
  const total: SparseVector = {};
  for (const v of vectors) for (const [f, x] of Object.entries(v)) total[f] = (total[f] ?? 0) + x;
  return total;
}

function compact(vector: SparseVector): SparseVector {
  return Object.fromEntries(Object.entries(vector).map(([f, x]) => [f, round(x)]));
}

function round(x: number): number {
  return Math.round(x * 1e4) / 1e4;
}
