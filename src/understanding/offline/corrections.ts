/**
 * Corrections of slots filled earlier in the active flow: "actually make it 100",
 * "no, I meant Mary", "change the recipient to Mary".
 * @module
 */
import { answerValue, cleanAnswer, looksLikeName, mentionedValues, type SlotValue, type ValueContext } from './slot-values.ts';
import type { SlotInfo } from './slot-roles.ts';
import { isQuestion } from './message-shape.ts';
import { bare, stem, words } from './text.ts';

export interface CorrectionContext {
  /** Slots the active flow collects, in step order. */
  readonly flowSlots: readonly SlotInfo[];
  readonly filled: Readonly<Record<string, unknown>>;
  /** The slot being asked for right now, if any. */
  readonly collecting?: SlotInfo;
}

const MARKER = /^(?:no|nope|nah|wait|sorry|oops|oh|hold on|hang on)\b|\b(?:actually|i meant|i mean|meant|instead|make it|make that|change|changed|update|switch|correction|rather|should be|supposed to be|not \w+ but)\b/;
const STRONG_MARKER = /\b(?:actually|meant|instead|make it|make that|change|update|switch|correction|rather|should be|supposed to be|not \w+ but)\b/;
const LEAD = /^(?:(?:no|nope|nah|wait|sorry|oops|oh|hmm|hold on|hang on|actually|i meant|i mean|meant|make it|make that|change it to|change that to|switch it to|it should be|should be|it's supposed to be|instead|please|let's|let us|can you|could you|i want to|i'd like to)(?:[\s,.!:]+|$))+/i;
const NEGATED_THEN_VALUE = /(?:^|[\s,])not [^\s,;.!]+(?: [^\s,;.!]+)?\s*[,;.!\u2013\u2014-]+\s*(?:but\s+)?(\S.*)$/i;
const CONNECTOR = /^\s*(?:[:=]|(?:to|is|be|should be|would be|from \S+ to)\b)/i;
const TRAIL = /[\s,.!]*(?:instead|please|rather|then)?[\s.!]*$/i;

/**
 * The slot values a correction message sets, or `undefined` when the message is no correction.
 * A slot named in the message wins; otherwise the value's kind picks the slot (a number goes to
 * the number slot, a name to the recipient/person slot).
 */
export function detectCorrection(text: string, context: CorrectionContext, values: ValueContext): SlotValue[] | undefined {
  const message = bare(text);
  if (isQuestion(text)) return undefined;
  const marked = MARKER.test(message);
  const named = namedSlot(text, context, marked);
  if (named) {
    const value = answerValue(named.slot, named.rest, values);
    if (value !== undefined && value !== '') return [{ name: named.slot.name, value }];
  }
  if (!marked) return undefined;
  // "not 30, I meant 35": the value follows the negated one; "500 not 50", "Peter rather than John": it comes first
  const negatedFirst = NEGATED_THEN_VALUE.exec(text);
  const rest = (negatedFirst ? negatedFirst[1]! : text.replace(LEAD, '').replace(/\s+(?:not|rather than|instead of)\s+.*$/i, ''))
    .replace(LEAD, '')
    .replace(TRAIL, '')
    .trim();
  if (!rest) return undefined;
  const targets = context.flowSlots.filter((slot) => slot.role !== 'bool' && (context.filled[slot.name] != null || slot === context.collecting));
  // an answer to the question being asked is no correction: the answer path reads it
  const candidates = targets.filter((slot) => slot.name !== context.collecting?.name);
  const mentioned = mentionedValues(candidates, rest, values).filter((v) => v.value !== undefined);
  if (mentioned.length > 0) {
    // the value is already there ("make it 50" when it is 50): nothing to correct
    const changed = mentioned.find((v) => context.filled[v.name] !== v.value);
    return changed ? [changed] : undefined;
  }
  // at a yes/no question, "wait, it's Jane Foo" corrects an earlier answer; elsewhere a weak marker is not enough
  const confirming = context.collecting?.role === 'bool';
  if ((!STRONG_MARKER.test(message) && !confirming) || isTextLike(context.collecting) || !isShortPhrase(rest)) return undefined;
  const value = cleanAnswer(rest);
  const textSlot = slotForValue(candidates.filter(isTextLike), value, values);
  if (!textSlot) return undefined;
  const corrected = answerValue(textSlot, rest, values);
  return typeof corrected === 'string' && corrected && corrected !== context.filled[textSlot.name] ? [{ name: textSlot.name, value: corrected }] : undefined;
}

/** The free-text slot a corrected value belongs to, by its shape: a handle, an e-mail, a name, or plain text. */
function slotForValue(slots: readonly SlotInfo[], value: string, values: ValueContext): SlotInfo | undefined {
  const fits = (slot: SlotInfo): boolean => {
    switch (slot.role) {
      case 'handle':
        return value.startsWith('@');
      case 'email':
        return value.includes('@') && value.includes('.');
      case 'phone':
        return /\d{3}/.test(value);
      case 'person':
      case 'recipient':
        return looksLikeName(value, values);
      default:
        return true;
    }
  };
  return slots.find((slot) => slot.role !== 'text' && fits(slot)) ?? slots.find((slot) => slot.role === 'text');
}

/** "the amount is 60", "change the recipient to Mary": without a correction marker, a connector must follow the slot's word. */
function namedSlot(text: string, context: CorrectionContext, marked: boolean): { slot: SlotInfo; rest: string } | undefined {
  for (const slot of context.flowSlots) {
    if (slot.role === 'bool') continue;
    for (const keyword of slot.keywords) {
      const match = keywordPattern(keyword).exec(text);
      if (!match) continue;
      const after = text.slice(match.index + match[0].length);
      if (!marked && !CONNECTOR.test(after)) continue;
      const rest = after
        .replace(/^(?:[\s,:=]+|(?:to|is|be|as|into|should be|would be|of|from \S+ to)\b)+/i, '')
        .replace(TRAIL, '')
        .trim();
      if (rest) return { slot, rest };
    }
  }
  return undefined;
}

// keyword → "amount", "amounts", …; compiled once (keywords come from the project's slot names)
const keywordPatterns = new Map<string, RegExp>();

function keywordPattern(keyword: string): RegExp {
  let pattern = keywordPatterns.get(keyword);
  if (!pattern) keywordPatterns.set(keyword, (pattern = new RegExp(String.raw`\b${stem(keyword)}\w*\b`, 'i')));
  return pattern;
}

function isTextLike(slot: SlotInfo | undefined): boolean {
  return slot !== undefined && ['text', 'recipient', 'person', 'handle', 'email', 'phone'].includes(slot.role);
}

/** A correction value is a short phrase, not a new request. */
function isShortPhrase(rest: string): boolean {
  return words(rest).length <= 4;
}
