/**
 * The domain language model of the offline ASR: a bigram model (ARPA text) and a pronunciation
 * dictionary restricted to the words the assistant itself uses. pocketsphinx's stock model gets
 * most words of synthetic speech wrong (52–88 % WER measured here); one built from the assistant's
 * phrases narrows the search to what callers of this assistant say.
 *
 * Sentences come from flow names and descriptions, NLU examples, synonyms and lookup values, slot
 * values, responses and button titles, e2e user lines, plus a few phrases every phone call has
 * (yes/no, greetings, asking for a human, numbers). Words missing from the pronunciation dictionary
 * are reported and split the sentence there, so no bigram spans a gap.
 * @module
 */
import { readFile } from 'node:fs/promises';
import type { Assistant } from '../../../core/assistant.ts';

/** Key of the model in a trained bundle (`bundle.trained.speech_lm`). */
export const DOMAIN_LM_KEY = 'speech_lm';

export const STOCK_DICTIONARY = '/usr/share/pocketsphinx/model/en-us/cmudict-en-us.dict';

export interface DomainLanguageModel {
  /** ARPA text of the bigram model. */
  readonly arpa: string;
  /** pocketsphinx dictionary text (`word PH ON ES`, alternates as `word(2)`). */
  readonly dictionary: string;
  readonly words: number;
  /** Words of the assistant's phrases with no pronunciation; left out of the model. */
  readonly unknownWords: readonly string[];
}

/** What every phone call hears, whatever the assistant: answers, greetings, repair, numbers. */
const CALL_PHRASES = [
  'yes',
  'no',
  'yeah',
  'yes please',
  'no thanks',
  'okay',
  'uh huh',
  'hello',
  'hi',
  'hey',
  'goodbye',
  'bye',
  'thank you',
  'thanks',
  'sorry',
  'what',
  'pardon',
  'can you repeat that',
  'i am still here',
  'stop',
  'cancel',
  'never mind',
  'help',
  'actually',
  'i need to',
  'i want to',
  'can i speak to a human agent',
  'i want to talk to a person',
  'zero one two three four five six seven eight nine ten',
  'eleven twelve thirteen fourteen fifteen sixteen seventeen eighteen nineteen twenty',
  'thirty forty fifty sixty seventy eighty ninety hundred thousand million dollars',
];

/** The phrases of the assistant the model is built from; `extra` adds e.g. e2e user lines. */
export function domainSentences(assistant: Assistant, extra: readonly string[] = []): string[] {
  const out: string[] = [...CALL_PHRASES];
  for (const flow of Object.values(assistant.flows)) {
    if (flow.id.startsWith('pattern_')) continue;
    out.push(flow.name.replace(/_/g, ' '), flow.description);
  }
  for (const { examples } of assistant.nlu) out.push(...examples);
  for (const { value, synonyms } of assistant.synonyms) out.push(value, ...synonyms);
  for (const { values } of assistant.lookups ?? []) out.push(...values);
  for (const slot of Object.values(assistant.domain.slots)) out.push(...(slot.values ?? []));
  for (const variations of Object.values(assistant.domain.responses)) {
    for (const variation of variations) {
      if (variation.text) out.push(variation.text);
      for (const button of variation.buttons ?? []) out.push(button.title);
    }
  }
  out.push(...extra);
  return out.filter((s) => s.trim() !== '');
}

const ONES = ['zero', 'one', 'two', 'three', 'four', 'five', 'six', 'seven', 'eight', 'nine', 'ten', 'eleven', 'twelve', 'thirteen', 'fourteen', 'fifteen', 'sixteen', 'seventeen', 'eighteen', 'nineteen'];
const TENS = ['', '', 'twenty', 'thirty', 'forty', 'fifty', 'sixty', 'seventy', 'eighty', 'ninety'];

/** How a number is said ("1250" → "one thousand two hundred fifty"); digit by digit past a billion. */
export function numberWords(n: number): string {
  if (n >= 1e9) return [...String(n)].map((d) => ONES[Number(d)]).join(' ');
  if (n < 20) return ONES[n]!;
  if (n < 100) return `${TENS[Math.floor(n / 10)]}${n % 10 ? ` ${ONES[n % 10]}` : ''}`;
  for (const [size, name] of [
    [1e6, 'million'],
    [1000, 'thousand'],
    [100, 'hundred'],
  ] as const) {
    if (n >= size) return `${numberWords(Math.floor(n / size))} ${name}${n % size ? ` ${numberWords(n % size)}` : ''}`;
  }
  return String(n);
}

/**
 * A phrase as a caller would say it, in runs of lower-case words: `{placeholders}`, markup and
 * sentence punctuation end a run; numbers are spelled out, `$5` becomes "five dollars".
 */
export function spokenRuns(text: string): string[][] {
  const runs: string[][] = [];
  const plain = text
    .toLowerCase()
    .replace(/\{[^}]*\}|\[[^\]]*\]\([^)]*\)|<[^>]*>/g, ' | ')
    .replace(/\$\s?(\d[\d,]*(?:\.\d+)?)/g, '$1 dollars')
    .replace(/(\d),(\d{3})/g, '$1$2')
    .replace(/(\d+)(?:\.(\d+))?/g, (_m, whole: string, frac?: string) => ` ${numberWords(Number(whole))}${frac ? ` point ${[...frac].map((d) => ONES[Number(d)]).join(' ')}` : ''} `)
    .replace(/[&]/g, ' and ')
    .replace(/[.!?;:,()"“”]+/g, ' | ');
  for (const segment of plain.split('|')) {
    const words = segment
      .split(/[\s/_-]+/)
      .map((w) => w.replace(/^'+|'+$/g, '').replace(/[^a-z']/g, ''))
      .filter((w) => w !== '');
    if (words.length > 0) runs.push(words);
  }
  return runs;
}

/** Pronunciations of the `wanted` words (alternates included), read from a CMU-format dictionary. */
export function parseDictionary(text: string, wanted: ReadonlySet<string>): Map<string, string[]> {
  const entries = new Map<string, string[]>();
  for (const line of text.split('\n')) {
    const space = line.indexOf(' ');
    if (space <= 0) continue;
    const head = line.slice(0, space);
    const word = head.endsWith(')') ? head.replace(/\(\d+\)$/, '') : head;
    if (!wanted.has(word)) continue;
    const phones = line.slice(space + 1).trim();
    const list = entries.get(word);
    if (list) list.push(phones);
    else entries.set(word, [phones]);
  }
  return entries;
}

const log10 = (p: number) => Math.log10(p).toFixed(4);
/** Absolute discount of seen bigrams; the mass it frees backs off to unigrams. */
const DISCOUNT = 0.5;

/** A bigram model with absolute discounting and Katz-style backoff to add-one unigrams, as ARPA text. */
export function bigramArpa(sentences: readonly (readonly string[])[]): string {
  const unigrams = new Map<string, number>();
  const bigrams = new Map<string, Map<string, number>>();
  const bump = <K>(m: Map<K, number>, k: K) => m.set(k, (m.get(k) ?? 0) + 1);
  for (const words of sentences) {
    const tokens = ['<s>', ...words, '</s>'];
    for (let i = 0; i < tokens.length; i++) {
      bump(unigrams, tokens[i]!);
      if (i === 0) continue;
      let next = bigrams.get(tokens[i - 1]!);
      if (!next) bigrams.set(tokens[i - 1]!, (next = new Map()));
      bump(next, tokens[i]!);
    }
  }
  const vocabulary = [...unigrams.keys()].filter((w) => w !== '<s>').sort();
  const total = vocabulary.reduce((sum, w) => sum + unigrams.get(w)!, 0);
  const unigramP = new Map(vocabulary.map((w) => [w, (unigrams.get(w)! + 1) / (total + vocabulary.length)]));

  const unigramLines: string[] = [];
  const bigramLines: string[] = [];
  for (const w of ['<s>', ...vocabulary]) {
    const followers = bigrams.get(w);
    let backoff = '';
    if (followers) {
      const count = [...followers.values()].reduce((a, b) => a + b, 0);
      let seenUnigramMass = 0;
      for (const [next, c] of [...followers].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))) {
        bigramLines.push(`${log10((c - DISCOUNT) / count)} ${w} ${next}`);
        seenUnigramMass += unigramP.get(next)!;
      }
      const freed = (DISCOUNT * followers.size) / count;
      backoff = ` ${seenUnigramMass < 1 ? log10(freed / (1 - seenUnigramMass)) : '-99.0000'}`;
    }
    unigramLines.push(`${w === '<s>' ? '-99.0000' : log10(unigramP.get(w)!)} ${w}${backoff}`);
  }
  return ['\\data\\', `ngram 1=${unigramLines.length}`, `ngram 2=${bigramLines.length}`, '', '\\1-grams:', ...unigramLines, '', '\\2-grams:', ...bigramLines, '', '\\end\\', ''].join('\n');
}

/** Builds the model from sentences and a pronunciation dictionary's text. */
export function buildDomainLanguageModel(sentences: readonly string[], dictionaryText: string): DomainLanguageModel {
  const spoken = sentences.flatMap(spokenRuns);
  const pronunciations = parseDictionary(dictionaryText, new Set(spoken.flat()));
  const unknown = new Set<string>();
  const runs: string[][] = [];
  const seen = new Set<string>();
  for (const run of spoken) {
    // An unknown word splits the run: no bigram may join the words on either side of a gap.
    let current: string[] = [];
    for (const word of [...run, '']) {
      if (word !== '' && pronunciations.has(word)) {
        current.push(word);
        continue;
      }
      if (word !== '') unknown.add(word);
      const key = current.join(' ');
      if (current.length > 0 && !seen.has(key)) {
        seen.add(key);
        runs.push(current);
      }
      current = [];
    }
  }
  const words = [...new Set(runs.flat())].sort();
  const dictionary = words.flatMap((w) => pronunciations.get(w)!.map((phones, i) => `${i === 0 ? w : `${w}(${i + 1})`} ${phones}`)).join('\n') + '\n';
  return { arpa: bigramArpa(runs), dictionary, words: words.length, unknownWords: [...unknown].sort() };
}

/** The trainer's work: the assistant's phrases (plus `extra`) against the stock pronunciation dictionary. */
export async function trainDomainLanguageModel(assistant: Assistant, extra: readonly string[] = [], dictionaryPath = STOCK_DICTIONARY): Promise<DomainLanguageModel> {
  let dictionaryText: string;
  try {
    dictionaryText = await readFile(dictionaryPath, 'utf8');
  } catch {
    throw new Error(`the pronunciation dictionary ${dictionaryPath} is missing; install it with: apt-get install -y pocketsphinx-en-us`);
  }
  return buildDomainLanguageModel(domainSentences(assistant, extra), dictionaryText);
}
