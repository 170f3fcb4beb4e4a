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

const YES_PHRASES: ReadonlySet<string> = new Set(YES.map(bare));
const NO_PHRASES: ReadonlySet<string> = new Set(NO.map(bare));
const LONGEST_PHRASE = Math.max(...[...YES_PHRASES, ...NO_PHRASES].map((phrase) => phrase.split(' ').length));

/**
 * `true`/`false` when the message starts with a yes/no phrase (so "yes please send it" counts),
 * `undefined` otherwise. "No" phrases win over "yes" ones so "not really" is never read as yes.
 */
export function parseBool(text: string): boolean | undefined {
  const message = bare(text);
  if (!message) return undefined;
  // a phrase is one of the message's openings: its first words (a bare message has one space between words)
  let yes = false;
  for (let end = message.indexOf(' '), count = 1; ; end = message.indexOf(' ', end + 1), count++) {
    const opening = end < 0 ? message : message.slice(0, end);
    if (NO_PHRASES.has(opening)) return false;
    yes ||= YES_PHRASES.has(opening);
    if (end < 0 || count === LONGEST_PHRASE) return yes || undefined;
  }
}
