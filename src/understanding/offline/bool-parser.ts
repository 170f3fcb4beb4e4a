/**
 * Yes/no answers for bool slots ("yeah go ahead", "nope", "don't").
 * @module
 */
import { bare } from './text.ts';

const YES = [
  'yes', 'y', 'yeah', 'yea', 'yep', 'yup', 'ya', 'sure', 'ok', 'okay', 'k', 'correct', 'of course', 'absolutely',
  'definitely', 'right', 'affirmative', 'confirm', 'confirmed', 'go ahead', 'go for it', 'do it', 'please do',
  "that's right", 'that is right', "that's correct", 'that is correct', 'sounds good', 'certainly', 'indeed', 'true',
  'i do', 'proceed', 'please proceed', 'yes please', 'alright', 'all right', 'exactly', 'perfect', 'great', 'fine',
  'i confirm', 'why not', 'sure thing', 'you bet', 'looks good', 'si',
];
const NO = [
  'no', 'n', 'nope', 'nah', 'nay', "don't", 'do not', 'dont', 'not', 'negative', 'false', 'no thanks', 'no thank you',
  'not really', 'never', 'wrong', 'incorrect', "that's wrong", 'that is wrong', "that's not right", 'not now',
  'i do not', "i don't", 'no way', 'absolutely not', 'definitely not', 'of course not', "i'd rather not", 'rather not',
  "don't do it", 'not at all', 'no it is not', "no it's not", 'not correct', 'no not really',
];

const byLength = (a: string, b: string) => b.length - a.length;
const YES_PHRASES = YES.map(bare).sort(byLength);
const NO_PHRASES = NO.map(bare).sort(byLength);

/**
 * `true`/`false` when the message starts with a yes/no phrase (so "yes please send it" counts),
 * `undefined` otherwise. "No" phrases are checked first so "not really" is never read as yes.
 */
export function parseBool(text: string): boolean | undefined {
  const message = bare(text);
  if (!message) return undefined;
  if (NO_PHRASES.some((phrase) => startsWithPhrase(message, phrase))) return false;
  if (YES_PHRASES.some((phrase) => startsWithPhrase(message, phrase))) return true;
  return undefined;
}

/** The message is the phrase, or starts with it and a space (no string built per phrase). */
function startsWithPhrase(message: string, phrase: string): boolean {
  return message.startsWith(phrase) && (message.length === phrase.length || message.charCodeAt(phrase.length) === SPACE);
}

const SPACE = 0x20;
