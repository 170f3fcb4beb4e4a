/**
 * Finds a slot's value in a message, by the slot's role: as the answer to the question being
 * asked (the whole message counts), or as a mention inside a longer request ("send 50 to John").
 * @module
 */
// English only: the package root also loads fifteen other locales (~250 files) at start.
import * as chrono from 'chrono-node/en';
import type { NluSynonym } from '../../core/assistant.ts';
import { parseBool } from './bool-parser.ts';
import { matchCategorical } from './categorical-matcher.ts';
import { parseDate } from './date-parser.ts';
import { conceptOf, REQUEST_VERBS, STOP_WORDS } from './lexicon.ts';
import { findNumbers } from './number-parser.ts';
import type { SlotInfo } from './slot-roles.ts';
import { stem } from './text.ts';

export interface ValueContext {
  readonly synonyms: readonly NluSynonym[];
  readonly referenceDate?: Date;
  /** Slot → values the project's NLU examples annotate for it. */
  readonly knownValues?: Readonly<Record<string, readonly string[]>>;
  /** Slot → the NLU data's regexes for its entity (case-insensitive, as Rasa's RegexEntityExtractor). */
  readonly knownPatterns?: Readonly<Record<string, readonly RegExp[]>>;
  /** Words the project's own texts use in lower case: plain words, never names. */
  readonly commonWords?: ReadonlySet<string>;
}

export interface SlotValue {
  readonly name: string;
  readonly value: unknown;
}

// lookbehinds: a match starts only at the start of a run, so a failed run is scanned once, not once per character
const EMAIL = /(?<![\w.+-])[\w.+-]+@[\w-]+(?:\.[\w-]+)+/;
const PHONE = /\+?\d[\d ()-]{5,}\d/;
const HANDLE = /(?<![\w.])@[A-Za-z0-9_.]+/;
const RELATIVE = 'friend|buddy|brother|sister|mom|mum|dad|mother|father|wife|husband|son|daughter|colleague|coworker|boss|partner|cousin|uncle|aunt|roommate|neighbou?r|landlord|girlfriend|boyfriend';
const RELATIVE_PREFIX = new RegExp(String.raw`^(?:my|our) (?:${RELATIVE}) (?=\S)`, 'i');
// names in any script: "Zoë", "José", "Иван", "王伟"
const NAME = String.raw`(@[\w.]+|[\p{L}\p{M}][\p{L}\p{M}\p{N}_'-]*(?:\s+\p{Lu}[\p{L}\p{M}\p{N}_'-]*)?)`;
const WORD_START = String.raw`(?<![\p{L}\p{M}\p{N}_])`;
const RECIPIENT = new RegExp(String.raw`${WORD_START}(?:[Tt]o|[Ff]or|[Pp]ay|[Pp]aying|[Ss]end|[Gg]ive)\s+(?:my\s+(?:${RELATIVE})\s+)?${NAME}`, 'gu');
const PERSON = new RegExp(String.raw`${WORD_START}(?:named|called|name is|name's|[Aa]dd)\s+(?:my\s+(?:${RELATIVE})\s+)?${NAME}`, 'gu');
const NOT_A_NAME = new Set([
  'someone', 'somebody', 'him', 'her', 'them', 'it', 'me', 'us', 'you', 'anyone', 'everyone', 'make', 'do', 'go', 'say', 'be',
  'account', 'contact', 'contacts', 'friend', 'person', 'dinner', 'lunch', 'rent', 'nothing', 'no', 'yes', 'new', 'a', 'an', 'the',
  'as', 'with', 'from', 'into', 'onto',
]);

/** The value of the slot being asked for, read from the user's answer. */
export function answerValue(slot: SlotInfo, text: string, context: ValueContext): unknown {
  const known = knownValue(slot, text, context) ?? startingWith(slot, text);
  if (known !== undefined) return known;
  switch (slot.role) {
    case 'number':
      return findNumbers(text)[0]?.value;
    case 'bool':
      return parseBool(text);
    case 'categorical':
      return matchCategorical(text, slot.values, context.synonyms);
    case 'date':
      return parseDate(text, context.referenceDate);
    case 'email':
    case 'phone':
    case 'handle':
      return pattern(slot.role).exec(text)?.[0] ?? cleanAnswer(text);
    case 'recipient':
    case 'person':
      return mentionedName(slot.role, text, context) ?? cleanAnswer(text).replace(RELATIVE_PREFIX, '');
    case 'text':
      return cleanAnswer(text);
  }
}

/** Values of `slots` mentioned inside a longer message; free-text slots only through clear patterns. */
export function mentionedValues(slots: readonly SlotInfo[], text: string, context: ValueContext): SlotValue[] {
  let rest = text;
  const found: SlotValue[] = [];
  for (const slot of slots) {
    if (slot.role === 'email' || slot.role === 'phone' || slot.role === 'handle') {
      const match = pattern(slot.role).exec(rest);
      if (match) {
        found.push({ name: slot.name, value: match[0] });
        rest = rest.replace(match[0], ' ');
      }
    } else if (slot.role === 'date') {
      const parsed = chrono.parse(rest, context.referenceDate ?? new Date(), { forwardDate: true })[0];
      if (parsed) {
        found.push({ name: slot.name, value: parseDate(parsed.text, context.referenceDate) });
        rest = rest.replace(parsed.text, ' ');
      }
    }
  }
  // most flows collect no number: the message is read for numbers only for one that does
  let numbers = slots.some((slot) => slot.role === 'number') ? findNumbers(rest) : [];
  for (const slot of slots) {
    if (slot.role === 'number' && numbers[0]) {
      found.push({ name: slot.name, value: numbers[0].value });
      numbers = numbers.slice(1);
    } else if (slot.role === 'categorical') {
      const value = matchCategorical(rest, slot.values, context.synonyms);
      if (value !== undefined) found.push({ name: slot.name, value });
    } else {
      const value =
        knownValue(slot, rest, context) ??
        startingWith(slot, rest) ??
        (slot.role === 'recipient' || slot.role === 'person' ? mentionedName(slot.role, rest, context) : undefined);
      if (value !== undefined) found.push({ name: slot.name, value });
    }
  }
  return found;
}

/** A value the project's NLU data gives for this slot (annotations, lookup tables, regexes), found in the message; synonyms map to their value. */
function knownValue(slot: SlotInfo, text: string, context: ValueContext): string | undefined {
  if (slot.role === 'categorical') return undefined;
  const known = context.knownValues?.[slot.name];
  const listed = known ? matchCategorical(text, known, context.synonyms) : undefined;
  if (listed !== undefined) return listed;
  for (const pattern of context.knownPatterns?.[slot.name] ?? []) {
    const match = pattern.exec(text)?.[0];
    if (match) return match;
  }
  return undefined;
}

const STARTING_WITH = /\b(?:start|starts|starting|begin|begins|beginning)\s+with\s+(?:(?:the|a|an)\s+)?(?:(?:letters?|characters?|chars?)\s+)?["'“]?([\p{L}\p{N}]+)/iu;

/** A slot for the first letters of something ("contacts that start with the letter J" → "J"). */
function startingWith(slot: SlotInfo, text: string): string | undefined {
  return slot.firstLetters ? STARTING_WITH.exec(text)?.[1] : undefined;
}

/**
 * Whether an answer reads as a person's name: capitalised words, words of a script without case, or
 * words that are neither everyday request words nor plain words of the project's own texts. A verb
 * ("order", "send money") is never a name.
 */
export function looksLikeName(value: string, context: ValueContext): boolean {
  if (value.startsWith('@')) return true;
  const parts = value.split(SPACES).filter(Boolean);
  return parts.length > 0 && parts.length <= 5 && parts.every((part) => isNameWord(part, context));
}

const LEADING_FILLERS =
  /^(?:(?:it'?s|it is|that'?s|that is|that would be|this is|the (?:name|handle|recipient|value|answer) is|(?:my|his|her|their) \w+(?: \w+)? is|i(?:'d| would) (?:say|like)|send (?:it|the money|them) to|to|for|umm?|uh|well|ok(?:ay)?|please|so|just|only|simply|call (?:him|her|them|it)|(?:he|she|they) (?:is|are) called)(?:[\s,:]+|$))+/i;
const TRAILING_POLITENESS = /[\s,.!?]*(?:please|thanks|thank you)?[\s.!?]*$/i;

/** A free-text answer without leading fillers ("it's", "to", "my friend") and trailing politeness. */
export function cleanAnswer(text: string): string {
  const cleaned = text.trim().replace(LEADING_FILLERS, '').replace(TRAILING_POLITENESS, '').trim();
  return cleaned || text.trim();
}

const CAPITALISED = /^[\p{Lu}@]/u;
const SPACES = /\s+/;
const DIGIT = /\d/;
const CASELESS_LETTER = /^\p{Lo}/u;
const UPPER_CASE_LETTER = /^\p{Lu}/u;

/** The first capitalised name the message mentions in the role's phrasing ("to Alice"), else the first name. */
function mentionedName(role: 'recipient' | 'person', text: string, context: ValueContext): string | undefined {
  const phrasing = role === 'recipient' ? RECIPIENT : PERSON;
  let first: string | undefined;
  // an exec loop, not matchAll: matchAll copies the regex for every message
  phrasing.lastIndex = 0;
  for (let match = phrasing.exec(text); match; match = phrasing.exec(text)) {
    const name = CAPITALISED.test(match[1]!) ? match[1]! : match[1]!.split(SPACES)[0]!;
    if (!isNameWord(name.split(SPACES)[0]!, context)) continue;
    if (CAPITALISED.test(name)) return name;
    first ??= name;
  }
  return first;
}

function isNameWord(word: string, context: ValueContext): boolean {
  const lower = word.toLowerCase();
  if (NOT_A_NAME.has(lower) || STOP_WORDS.has(lower) || DIGIT.test(lower)) return false;
  if (word.startsWith('@') || CASELESS_LETTER.test(word)) return true;
  // a capitalised word is a name unless it is a request verb opening the message ("Order")
  if (UPPER_CASE_LETTER.test(word)) return !REQUEST_VERBS.has(lower);
  // lower-case words are names only when they are no everyday request words ("send", "money", "order")
  return conceptOf(stem(lower)) === undefined && !REQUEST_VERBS.has(lower) && !context.commonWords?.has(lower);
}

function pattern(role: 'email' | 'phone' | 'handle'): RegExp {
  return role === 'email' ? EMAIL : role === 'phone' ? PHONE : HANDLE;
}
