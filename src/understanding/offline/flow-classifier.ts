/**
 * A nearest-example TF-IDF classifier over flow documents (name, description, NLU examples):
 * each class scores the best cosine against its examples blended with its centroid.
 * @module
 */
import { bigram, termCounts, unit, weigh, WEIGHTS, wordFeatures, type SparseVector, type WordFeatures } from './features.ts';
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
      const examples = counts.map((c) => compact(Object.fromEntries(weigh(c, idf))));
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
  const { tally } = index;
  const { counts, order, unseenCounts, scores } = tally;
  // the message's term counts (as `termCounts` reads the sentence), by feature id in first-occurrence order
  let previous: QueryWord | undefined;
  for (const token of words(text)) {
    for (const word of readingOf(index, model, token)) {
      count(tally, word.word, WEIGHTS.word);
      if (word.word < 0 && word.unseen) countUnseen(tally, word.stem);
      count(tally, word.concept, WEIGHTS.concept);
      if (previous !== undefined) count(tally, bigramId(index, previous, word), WEIGHTS.bigram);
      previous = word;
      for (const trigram of word.trigrams) count(tally, trigram, WEIGHTS.trigram);
    }
  }
  // TF-IDF, L2-normalized; a word unseen in training weighs `unseenIdf` in the norm, so that a
  // sentence mostly about something else scores low against every class
  let norm = 0;
  for (let i = 0; i < tally.counted; i++) {
    const entry = order[i]!;
    norm += entry >= 0 ? (counts[entry]! * index.idf[entry]!) ** 2 : (unseenCounts[-entry - 1]! * model.unseenIdf) ** 2;
  }
  norm = Math.sqrt(norm);
  // one cell per example, then one per class centroid
  scores.fill(0);
  for (let i = 0; i < tally.counted; i++) {
    const id = order[i]!;
    if (id < 0) continue;
    let weight = counts[id]! * index.idf[id]!;
    if (norm > 0) weight /= norm;
    const { starts, cells, values } = index.postings;
    for (let k = starts[id]!; k < starts[id + 1]!; k++) scores[cells[k]!]! += weight * values[k]!;
    counts[id] = 0;
  }
  tally.counted = 0;
  tally.unseen = 0;
  tally.unseenIds.clear();
  // best first, ties in class order (what a stable sort gives): an insertion sort, as there are few classes
  const ranking: Scored[] = [];
  for (let i = 0; i < model.classes.length; i++) {
    const { label, examples } = model.classes[i]!;
    const score = EXAMPLE_SHARE * best(scores, index.firstExample[i]!, examples.length) + (1 - EXAMPLE_SHARE) * scores[index.centroids + i]!;
    let at = i;
    for (; at > 0 && ranking[at - 1]!.score < score; at--) ranking[at] = ranking[at - 1]!;
    ranking[at] = { label, score };
  }
  return ranking;
}

/** Adds to a known feature's count (id -1: a feature training never saw, which scores nothing). */
function count(tally: Tally, id: number, weight: number): void {
  if (id < 0) return;
  if (tally.counts[id] === 0) tally.order[tally.counted++] = id;
  tally.counts[id]! += weight;
}

/** Adds to the count of a word training never saw (it only weighs in the norm). */
function countUnseen(tally: Tally, stem: string): void {
  const k = tally.unseenIds.get(stem);
  if (k !== undefined) {
    tally.unseenCounts[k]! += WEIGHTS.word;
    return;
  }
  tally.order[tally.counted++] = -tally.unseen - 1;
  tally.unseenIds.set(stem, tally.unseen);
  tally.unseenCounts[tally.unseen++] = WEIGHTS.word;
}

/** The id of the bigram of two words, kept with the first word (for a bounded number of followers). */
function bigramId(index: ClassifierIndex, previous: QueryWord, word: QueryWord): number {
  let id = previous.followers.get(word.stem);
  if (id !== undefined) return id;
  id = index.features.get(bigram(previous.stem, word.stem)) ?? -1;
  if (previous.followers.size < FOLLOWERS_SIZE) previous.followers.set(word.stem, id);
  return id;
}

const FOLLOWERS_SIZE = 16;

/** The highest of `count` scores from `start`, at least 0 (a plain loop: spreading a typed array into `Math.max` is slow). */
function best(scores: Float64Array, start: number, count: number): number {
  let max = 0;
  for (let i = start; i < start + count; i++) if (scores[i]! > max) max = scores[i]!;
  return max;
}

/** A message word's features as ids of the model's features (-1: unknown to it). */
interface QueryWord {
  readonly stem: string;
  readonly word: number;
  /** Unknown, and no lexicon concept stands for it: it weighs against every class. */
  readonly unseen: boolean;
  readonly concept: number;
  readonly trigrams: readonly number[];
  /** Stems seen after this word → their bigram's id. */
  readonly followers: Map<string, number>;
}

/**
 * The model's features by id, each with its idf and the score cells (examples, then centroids)
 * that have it, with the feature's value there; and the arrays one classification counts in
 * (it runs to completion, so one tally per model serves every message).
 */
interface ClassifierIndex {
  readonly features: ReadonlyMap<string, number>;
  readonly idf: Float64Array;
  /** Feature id's cells and values from `starts[id]` to `starts[id + 1]`, all in two arrays (fewer objects to reach). */
  readonly postings: { readonly starts: Int32Array; readonly cells: Int32Array; readonly values: Float64Array };
  readonly vocabulary: ReadonlySet<string>;
  /** Per class, the cell of its first example. */
  readonly firstExample: readonly number[];
  /** The cell of the first class centroid. */
  readonly centroids: number;
  /** Message words read before, corrected and as features (bounded: cleared when full). */
  readonly readings: Map<string, readonly QueryWord[]>;
  readonly tally: Tally;
}

/**
 * One message's counts and scores. The arrays are kept for the next message (entries past
 * `counted` and `unseen` are stale, and `counts` is back to zeros), as a length set to 0 would
 * give back their storage.
 */
interface Tally {
  /** By feature id. */
  readonly counts: Float64Array;
  /** Counted features in first-occurrence order: ids, and -1-k for the k-th unseen word. */
  readonly order: number[];
  counted: number;
  /** Unseen word stem → k (a map: a long message of distinct unknown words must not cost a scan per word). */
  readonly unseenIds: Map<string, number>;
  readonly unseenCounts: number[];
  unseen: number;
  readonly scores: Float64Array;
}

const READINGS_SIZE = 10_000;

// Built once per model (a trained model is plain JSON, so the index is not stored in it).
const indexes = new WeakMap<ClassifierModel, ClassifierIndex>();

function indexOf(model: ClassifierModel): ClassifierIndex {
  let index = indexes.get(model);
  if (index) return index;
  const features = new Map(Object.keys(model.idf).map((feature, id) => [feature, id]));
  const lists = Array.from(features, () => ({ cells: [] as number[], values: [] as number[] }));
  const add = (vector: SparseVector, cell: number) => {
    for (const [feature, value] of Object.entries(vector)) {
      const id = features.get(feature);
      if (id === undefined) continue;
      lists[id]!.cells.push(cell);
      lists[id]!.values.push(value);
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
  const starts = new Int32Array(lists.length + 1);
  lists.forEach((list, id) => (starts[id + 1] = starts[id]! + list.cells.length));
  index = {
    features,
    idf: Float64Array.from(features.keys(), (feature) => model.idf[feature]!),
    postings: {
      starts,
      cells: Int32Array.from(lists.flatMap((list) => list.cells)),
      values: Float64Array.from(lists.flatMap((list) => list.values)),
    },
    vocabulary: new Set(model.vocabulary),
    firstExample,
    centroids,
    readings: new Map(),
    tally: {
      counts: new Float64Array(features.size),
      order: [],
      counted: 0,
      unseenIds: new Map(),
      unseenCounts: [],
      unseen: 0,
      scores: new Float64Array(centroids + model.classes.length),
    },
  };
  indexes.set(model, index);
  return index;
}

/**
 * A message word as the classifier reads it: an unknown word one edit from a training word is that
 * word ("balnce" → "balance"); the result is read into words again, as the corrected sentence
 * always was (word by word gives the same words: normalizing never reaches across a space), and
 * stop words and numbers are dropped.
 */
function readingOf(index: ClassifierIndex, model: ClassifierModel, token: string): readonly QueryWord[] {
  let reading = index.readings.get(token);
  if (reading) return reading;
  const fixed =
    token.length < 5 || STOP_WORDS.has(token) || index.vocabulary.has(token) || conceptOf(stem(token))
      ? token
      : (model.vocabulary.find((candidate) => withinOneEdit(token, candidate)) ?? token);
  reading = words(fixed).flatMap((word) => {
    const features = wordFeatures(word);
    return features ? [queryWord(index, features)] : [];
  });
  if (index.readings.size >= READINGS_SIZE) index.readings.clear();
  index.readings.set(token, reading);
  return reading;
}

function queryWord(index: ClassifierIndex, features: WordFeatures): QueryWord {
  const id = (feature: string | undefined) => (feature === undefined ? -1 : (index.features.get(feature) ?? -1));
  return {
    stem: features.stem,
    word: id(features.word),
    unseen: features.concept === undefined,
    concept: id(features.concept),
    trigrams: features.trigrams.map(id).filter((trigram) => trigram >= 0),
    followers: new Map(),
  };
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
