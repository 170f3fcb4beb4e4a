/**
 * A nearest-example TF-IDF classifier over flow documents (name, description, NLU examples):
 * each class scores the best cosine against its examples blended with its centroid.
 * @module
 */
import { termCounts, unit, weigh, type SparseVector } from './features.ts';
import { conceptOf, STOP_WORDS } from './lexicon.ts';
import { stem, withinOneEdit, words } from './text.ts';

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
  const counted = classes.map((c) => ({ label: c.label, counts: c.texts.map((text) => termCounts(words(text))) }));
  const documentFrequency = new Map<string, number>();
  let documents = 0;
  for (const c of counted) {
    for (const counts of c.counts) {
      documents++;
      for (const feature of counts.keys()) documentFrequency.set(feature, (documentFrequency.get(feature) ?? 0) + 1);
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
      const examples = counts.map((c) => compact(Object.fromEntries(weigh(c, (feature) => idf[feature], unseenIdf))));
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
  const query = weigh(termCounts(correctTypos(text, model.vocabulary, index.vocabulary)), index.idf, model.unseenIdf);
  // one cell per example, then one per class centroid
  const scores = new Float64Array(index.cells);
  for (const [feature, weight] of query) {
    const postings = index.postings.get(feature);
    if (!postings) continue;
    const { cells, values } = postings;
    for (let k = 0; k < cells.length; k++) scores[cells[k]!]! += weight * values[k]!;
  }
  return model.classes
    .map((c, i) => ({ label: c.label, score: EXAMPLE_SHARE * best(scores, index.firstExample[i]!, c.examples.length) + (1 - EXAMPLE_SHARE) * scores[index.centroids + i]! }))
    .sort((a, b) => b.score - a.score);
}

/** The highest of `count` scores from `start`, at least 0 (a plain loop: spreading a typed array into `Math.max` is slow). */
function best(scores: Float64Array, start: number, count: number): number {
  let max = 0;
  for (let i = start; i < start + count; i++) if (scores[i]! > max) max = scores[i]!;
  return max;
}

/** Feature → the score cells (examples, then centroids) that have it, with the feature's value there. */
interface ClassifierIndex {
  readonly postings: ReadonlyMap<string, { readonly cells: Int32Array; readonly values: Float64Array }>;
  readonly idf: (feature: string) => number | undefined;
  readonly vocabulary: ReadonlySet<string>;
  /** Per class, the cell of its first example. */
  readonly firstExample: readonly number[];
  /** The cell of the first class centroid. */
  readonly centroids: number;
  readonly cells: number;
}

// Built once per model (a trained model is plain JSON, so the index is not stored in it).
const indexes = new WeakMap<ClassifierModel, ClassifierIndex>();

function indexOf(model: ClassifierModel): ClassifierIndex {
  let index = indexes.get(model);
  if (index) return index;
  const lists = new Map<string, { cells: number[]; values: number[] }>();
  const add = (vector: SparseVector, cell: number) => {
    for (const [feature, value] of Object.entries(vector)) {
      let list = lists.get(feature);
      if (!list) lists.set(feature, (list = { cells: [], values: [] }));
      list.cells.push(cell);
      list.values.push(value);
    }
  };
  const firstExample: number[] = [];
  let cell = 0;
  for (const c of model.classes) {
    firstExample.push(cell);
    cell += c.examples.length;
  }
  const centroids = cell;
  // postings in the order the sums were always taken: per class, its examples then its centroid
  model.classes.forEach((c, classIndex) => {
    c.examples.forEach((example, exampleIndex) => add(example, firstExample[classIndex]! + exampleIndex));
    add(c.centroid, centroids + classIndex);
  });
  const postings = new Map([...lists].map(([feature, list]) => [feature, { cells: Int32Array.from(list.cells), values: Float64Array.from(list.values) }]));
  const idf = new Map(Object.entries(model.idf));
  index = { postings, idf: (feature) => idf.get(feature), vocabulary: new Set(model.vocabulary), firstExample, centroids, cells: centroids + model.classes.length };
  indexes.set(model, index);
  return index;
}

/** The message's words, unknown ones replaced with a training word one edit away ("balnce" → "balance"). */
function correctTypos(text: string, vocabulary: readonly string[], known: ReadonlySet<string>): readonly string[] {
  // each distinct word is looked up once: a long message repeating one unknown word stays cheap
  const corrected = new Map<string, string>();
  const fixed = words(text).map((word) => {
    if (word.length < 5 || STOP_WORDS.has(word) || known.has(word)) return word;
    let fix = corrected.get(word);
    if (fix === undefined) {
      fix = conceptOf(stem(word)) ? word : (vocabulary.find((candidate) => withinOneEdit(word, candidate)) ?? word);
      corrected.set(word, fix);
    }
    return fix;
  });
  // the corrected words are read again as a sentence, as they always were
  return words(fixed.join(' '));
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
