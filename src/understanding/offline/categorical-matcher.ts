/**
 * Categorical slot values: declared values and NLU synonyms, case-insensitive, with one typo
 * tolerated in words of five letters or more.
 * @module
 */
import type { NluSynonym } from '../../core/assistant.ts';
import { bare, withinOneEdit } from './text.ts';

/** Returns the value in its declared spelling, or `undefined`. Prefers an exact whole-message match, then the longest phrase found inside the message. */
export function matchCategorical(text: string, values: readonly string[], synonyms: readonly NluSynonym[] = []): string | undefined {
  const message = bare(text);
  if (!message) return undefined;
  const phrases: { phrase: string; value: string }[] = [];
  for (const value of values) {
    phrases.push({ phrase: bare(value), value });
    for (const synonym of synonyms) {
      if (bare(synonym.value) !== bare(value)) continue;
      for (const alias of synonym.synonyms) phrases.push({ phrase: bare(alias), value });
    }
  }
  const usable = phrases.filter((p) => p.phrase.length > 0);
  const exact = usable.find((p) => p.phrase === message);
  if (exact) return exact.value;
  const tokens = message.split(' ');
  let best: { value: string; length: number } | undefined;
  for (const { phrase, value } of usable) {
    if (!containsPhrase(tokens, phrase.split(' '))) continue;
    if (!best || phrase.length > best.length) best = { value, length: phrase.length };
  }
  return best?.value;
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
