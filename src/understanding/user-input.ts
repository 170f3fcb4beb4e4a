/**
 * Rasa's `user_input` check, run by every command generator before it reads a message: an empty
 * message and one longer than `user_input.max_characters` (default 420, a negative value turns the
 * limit off) become error commands, which start `pattern_internal_error` with the matching
 * `error_type` (`utter_user_input_too_long_error_rasa` for the long one).
 * @module
 */
import type { PipelineComponent } from '../core/assistant.ts';
import { ERROR_TYPES, type Command } from '../core/commands.ts';

export const DEFAULT_MAX_CHARACTERS = 420;

/** `user_input.max_characters` of a pipeline component; `Infinity` when the limit is off. */
export function maxCharactersOf(component: PipelineComponent | undefined): number {
  const options = component?.options.user_input;
  const raw = options && typeof options === 'object' ? (options as Record<string, unknown>).max_characters : undefined;
  const value = typeof raw === 'string' ? Number(raw) : raw;
  if (typeof value !== 'number' || !Number.isInteger(value)) return DEFAULT_MAX_CHARACTERS;
  return value < 0 ? Infinity : value;
}

/** The error command for an empty or too long message, or `undefined` when it may be read. */
export function checkUserInput(text: string, maxCharacters: number): Command | undefined {
  if (text.trim() === '') return { command: 'error', error_type: ERROR_TYPES.userInputEmpty };
  if (exceeds(text, maxCharacters)) return { command: 'error', error_type: ERROR_TYPES.userInputTooLong, info: { max_characters: maxCharacters } };
  return undefined;
}

/** Counts code points as Python's `len` does, and stops counting past the limit. */
function exceeds(text: string, max: number): boolean {
  if (text.length <= max) return false;
  let count = 0;
  for (const _ of text) if (++count > max) return true;
  return false;
}
