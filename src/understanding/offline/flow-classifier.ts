/**
 * A nearest-example TF-IDF classifier over flow documents (name, description, NLU examples):
 * each class scores the best cosine against its examples blended with its centroid.
 * @module
 */
import { termCounts, unit, weigh, type SparseVector } from './features.ts';
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

/**
 * Every class with its score in [0, 1], best first. Scores are cosines (unit vectors), summed over
 * an inverted index so only examples sharing a feature with the message are touched.
 */
export function classify(model: ClassifierModel, text: string): Scored[] {
  const index = indexOf(model);
  const query = weigh(termCounts(correctTypos(text, model.vocabulary, index.vocabulary)), model.idf, model.unseenIdf);
  const exampleScores = model.classes.map((c) => new Float64Array(c.examples.length));
  const centroidScores = new Float64Array(model.classes.length);
  for (const feature in query) {
    const weight = query[feature]!;
    for (const { classIndex, exampleIndex, value } of index.postings.get(feature) ?? []) {
      if (exampleIndex < 0) centroidScores[classIndex]! += weight * value;
      else exampleScores[classIndex]![exampleIndex]! += weight * value;
    }
  }
  return model.classes
    .map((c, i) => ({ label: c.label, score: EXAMPLE_SHARE * best(exampleScores[i]!) + (1 - EXAMPLE_SHARE) * centroidScores[i]! }))
    .sort((a, b) => b.score - a.score);
}

/** The highest score, at least 0 (a plain loop: spreading a typed array into `Math.max` is slow). */
function best(scores: Float64Array): number {
  let max = 0;
  for (let i = 0; i < scores.length; i++) if (scores[i]! > max) max = scores[i]!;
  return max;
}

/** Feature → the examples (and centroids, `exampleIndex` -1) that have it. */
interface ClassifierIndex {
  readonly postings: ReadonlyMap<string, readonly { readonly classIndex: number; readonly exampleIndex: number; readonly value: number }[]>;
  readonly vocabulary: ReadonlySet<string>;
}

// Built once per model (a trained model is plain JSON, so the index is not stored in it).
const indexes = new WeakMap<ClassifierModel, ClassifierIndex>();

function indexOf(model: ClassifierModel): ClassifierIndex {
  let index = indexes.get(model);
  if (index) return index;
  const postings = new Map<string, { classIndex: number; exampleIndex: number; value: number }[]>();
  const add = (vector: SparseVector, classIndex: number, exampleIndex: number) => {
    for (const [feature, value] of Object.entries(vector)) {
      let list = postings.get(feature);
      if (!list) postings.set(feature, (list = []));
      list.push({ classIndex, exampleIndex, value });
    }
  };
  model.classes.forEach((c, classIndex) => {
    c.examples.forEach((example, exampleIndex) => add(example, classIndex, exampleIndex));
    add(c.centroid, classIndex, -1);
  });
  indexes.set(model, (index = { postings, vocabulary: new Set(model.vocabulary) }));
  return index;
}

/** Replaces unknown words with a training word one edit away ("balnce" → "balance"). */
function correctTypos(text: string, vocabulary: readonly string[], known: ReadonlySet<string>): string {
  // each distinct word is looked up once: a long message repeating one unknown word stays cheap
  const corrected = new Map<string, string>();
  return words(text)
    .map((word) => {
      if (word.length < 5 || STOP_WORDS.has(word) || known.has(word)) return word;
      let fixed = corrected.get(word);
      if (fixed === undefined) {
        fixed = conceptOf(stem(word)) ? word : (vocabulary.find((candidate) => editDistance(word, candidate, 1) <= 1) ?? word);
        corrected.set(word, fixed);
      }
      return fixed;
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
