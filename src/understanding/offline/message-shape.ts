/**
 * The shape of a message, apart from its words: is it a question? A question asked at a collect
 * step is a digression or a knowledge question, never the value being asked for.
 * @module
 */
import { bare } from './text.ts';

const QUESTION_OPENING = /^(?:what|what's|whats|how|why|when|where|which|who|whom|whose|can|could|do|does|did|is|are|am|will|would|should|shall|may|might|have|has|tell me|explain)\s\S/i;

/** True for "what is the fee?", "how long does it take", "can I pay by card": not for "Bob?" or "@ana". */
export function isQuestion(text: string): boolean {
  const trimmed = text.trim();
  return (trimmed.endsWith('?') && bare(trimmed).split(' ').length >= 3) || QUESTION_OPENING.test(trimmed);
}
