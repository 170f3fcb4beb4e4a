/**
 * Fixed phrasings of conversation repair and small talk: cancel, skip, repeat, human handoff,
 * chitchat. Matched against the bare message (lower case, no punctuation).
 * @module
 */
import { bare } from './text.ts';

export type RepairIntent = 'cancel' | 'skip' | 'repeat' | 'handoff' | 'chitchat';

const POLITE = String.raw`(?:(?:ok(?:ay)?|oh|um+|hmm+|sorry|well|actually|please|just|you know what|no|wait) )*`;
const TAIL = String.raw`(?: (?:please|thanks|thank you|then|now|already|for now|anymore|any more))*`;

const MAX_LENGTH = 160;

const CANCEL_PHRASE = String.raw`(?:(?:i want to |i'd like to |i would like to |let's |can we |can you |could you |please )?(?:cancel|stop|abort|quit|exit|end|drop|abandon|terminate)(?: (?:it|this|that|everything|all|the \w+(?: \w+)?|my \w+(?: \w+)?|this \w+|that \w+|the whole thing|what we are doing|what i was doing))?|never ?mind|forget (?:it|about it|that|this|the whole thing|about the \w+)|scratch that|i(?:'ve| have)? changed my mind|don'?t bother|i (?:don'?t|do not) want (?:to do )?(?:this|that|it)(?: anymore)?|i (?:don'?t|do not) want to (?:continue|proceed|go on)|(?:that'?s|that is) enough|no stop)`;

const PATTERNS: readonly [RepairIntent, RegExp][] = [
  [
    'handoff',
    new RegExp(
      String.raw`\b(?:(?:talk|speak|chat)(?: to| with)|(?:connect|transfer|put|pass|get|hand|switch|escalate) (?:me|this)(?: through| over)? (?:to|with)) (?:a |an |the |your |some |real |live |actual )*(?:human|agent|person|representative|rep|operator|someone|somebody|customer (?:service|support|care)|support|manager|supervisor|staff|employee)s?\b` +
        String.raw`|^${POLITE}(?:i want |i need |can i (?:get|have) |get me )?(?:a |an )?(?:real |live )?(?:human|agent|operator|representative|person)(?: please)?$` +
        String.raw`|\b(?:human|live) (?:agent|support|help|being)\b|\bnot (?:talk(?:ing)? to )?a (?:bot|robot|machine)\b`,
    ),
  ],
  [
    'repeat',
    new RegExp(
      String.raw`^${POLITE}(?:(?:can|could|would) you |please )?(?:repeat|say)(?: that| it| this| what you said| the question| your (?:last )?(?:message|question))?(?: again| one more time| once more)?${TAIL}$` +
        String.raw`|^${POLITE}(?:come again|pardon(?: me)?|what did you (?:just )?say|what was that|i didn'?t (?:get|catch|hear) (?:that|it|you)|huh|what)${TAIL}$`,
    ),
  ],
  [
    'skip',
    new RegExp(
      String.raw`^${POLITE}(?:(?:i want to |i'd like to |let's |can we |can i |could we )?skip(?: (?:this|that|it|the|this question|that question|this one|this step|ahead))*|next question|pass|i'?d rather not (?:say|answer|tell)|i (?:don'?t|do not) want to (?:answer|say|tell)(?: (?:that|this|it|you))?)${TAIL}$`,
    ),
  ],
  [
    'cancel',
    // one cancel phrase or several in a row: "never mind, stop", "I changed my mind, cancel it"
    new RegExp(String.raw`^${POLITE}${CANCEL_PHRASE}(?: ${POLITE}${CANCEL_PHRASE}){0,2}${TAIL}$`),
  ],
  [
    'chitchat',
    new RegExp(
      String.raw`^${POLITE}(?:hi|hello|hey|hey there|hi there|hello there|howdy|hiya|yo|greetings|good (?:morning|afternoon|evening|day)|what'?s up|sup|thanks|thank you|thank you so much|thanks a lot|cheers|bye|goodbye|see you|have a nice day|lol|haha|cool|nice|awesome)(?: (?:bot|there|again|everyone|friend))?${TAIL}$` +
        String.raw`|\bhow are (?:you|u|things)\b|\bhow'?s it going\b|\bhow (?:is|was) your day\b|\b(?:tell|know) (?:me )?(?:a |any )?(?:joke|story|fun fact)s?\b|\bmake me laugh\b` +
        String.raw`|\bwho (?:are|made|built|created) you\b|\bwhat(?:'s| is) your (?:name|favou?rite \w+|age)\b|\bare you (?:a )?(?:bot|robot|human|real|an ai|ai|single|married|happy|ok)\b|\bhow old are you\b` +
        String.raw`|\bwhat(?:'s| is) the (?:weather|time)\b|\bwhat do you (?:like|think about|do for fun)\b|\bdo you (?:like|love|dream|sleep|eat)\b|\bi(?:'m| am) (?:bored|tired|happy|sad)\b|\byou(?:'re| are) (?:funny|smart|great|awesome|stupid|dumb)\b|\bsing (?:me )?a song\b|\bmeaning of life\b`,
    ),
  ],
];

/** The repair or small-talk intent a message clearly expresses, if any. */
export function matchRepairIntent(text: string): RepairIntent | undefined {
  // repair phrases are short; the length cap also bounds the patterns' backtracking
  if (text.length > MAX_LENGTH) return undefined;
  const message = bare(text);
  if (!message) return undefined;
  for (const [intent, pattern] of PATTERNS) if (pattern.test(message)) return intent;
  return undefined;
}
