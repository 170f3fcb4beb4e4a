/**
 * Cleaning of slot values written by an LLM in `set slot <name> <value>`.
 * @module
 */

/** What models write when they mean "no value" (Rasa's list, plus an empty value). */
const NULL_LIKE = new Set(['', '[missing information]', '[missing]', 'None', 'undefined', 'null', 'NULL']);

/** Strips surrounding quotes, backticks and spaces; null-like values become `null`. */
export function cleanSlotValue(raw: string): string | null {
  const value = stripQuotes(raw);
  return NULL_LIKE.has(value) ? null : value;
}

/** Removes quotes, backticks and whitespace from both ends. */
export function stripQuotes(text: string): string {
  return text.replace(/^[\s'"`]+|[\s'"`]+$/g, '');
}
