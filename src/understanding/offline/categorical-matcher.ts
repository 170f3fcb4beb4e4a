/**
 * Categorical slot values: declared values and NLU synonyms, case-insensitive, with one typo
 * tolerated in words of five letters or more.
 * @module
 */
import type { NluSynonym } from '../../core/assistant.ts';
import { bare, withinOneEdit } from './text.ts';

/** Returns the value in its declared spelling, or `undefined`. Prefers an exact whole-message match, then the longest phrase found inside the message. */
export function matchCategorical(text: string, values: readonly string[], synonyms: readonly NluSynonym[] = NO_SYNONYMS): string | undefined {
  const message = bare(text);
  if (!message) return undefined;
  const phrases = phrasesOf(values, synonyms);
  const exact = phrases.find((p) => p.phrase === message);
  if (exact) return exact.value;
  const tokens = message.split(' ');
  let best: { value: string; length: number } | undefined;
  for (const { phrase, words, value } of phrases) {
    if (!containsPhrase(tokens, words)) continue;
    if (!best || phrase.length > best.length) best = { value, length: phrase.length };
  }
  return best?.value;
}

const NO_SYNONYMS: readonly NluSynonym[] = [];

interface Phrase {
  readonly phrase: string;
  readonly words: readonly string[];
  readonly value: string;
}

// Phrases per value list and synonym list: both come from the project (or its trained model), so they are read once.
const phraseTables = new WeakMap<readonly string[], WeakMap<readonly NluSynonym[], readonly Phrase[]>>();

/** Each value's phrase and its synonyms' phrases, in order, without empty ones. */
function phrasesOf(values: readonly string[], synonyms: readonly NluSynonym[]): readonly Phrase[] {
  let bySynonyms = phraseTables.get(values);
  if (!bySynonyms) phraseTables.set(values, (bySynonyms = new WeakMap()));
  let phrases = bySynonyms.get(synonyms);
  if (phrases) return phrases;
  const found: Phrase[] = [];
  const add = (phrase: string, value: string) => {
    if (phrase) found.push({ phrase, words: phrase.split(' '), value });
  };
  for (const value of values) {
    add(bare(value), value);
    for (const synonym of synonyms) {
      if (bare(synonym.value) !== bare(value)) continue;
      for (const alias of synonym.synonyms) add(bare(alias), value);
    }
  }
  bySynonyms.set(synonyms, (phrases = found));
  return phrases;
}

function containsPhrase(tokens: readonly string[], phrase: readonly string[]): boolean {
  for (let i = 0; i + phrase.length <= tokens.length; i++) {
    if (phrase.every((word, j) => sameWord(tokens[i + j]!, word))) return true;
  }
  return false;
}

function sameWord(token: string, word: string): boolean {
  if (token === word) return true;
  return word.length >= 5 && withinOneEdit(token, word);
}
