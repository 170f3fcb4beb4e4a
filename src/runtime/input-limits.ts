/**
 * Limits on what clients may put into a conversation, checked before a turn runs, so that nothing a
 * client sends can make the turn fail later (a JSON nesting the stores' `JSON.stringify` cannot
 * encode, a key the store cannot hold) after actions already ran. Every entry point (REST,
 * socket.io, the HTTP API, A2A) goes through these checks.
 * @module
 */
import { z } from 'zod';
import { InvalidInputError, type IncomingMessage } from './processor-api.ts';

/** Longest conversation id (REST `sender`, API `conversation_id`, socket.io session, A2A `contextId`), as Rasa's web channels allow in practice. */
export const MAX_ID_LENGTH = 512;

export interface JsonLimits {
  /** Deepest nesting of objects and arrays (the value itself is depth 1). */
  readonly maxDepth: number;
  /** Most object keys plus array items over the whole value. */
  readonly maxEntries?: number;
  /** Most bytes of its JSON encoding (estimated from string lengths; never below the real size for ASCII). */
  readonly maxBytes?: number;
}

/** Message metadata (REST, socket.io, API, A2A message and part metadata and DataParts). */
export const METADATA_LIMITS: JsonLimits = { maxDepth: 32, maxEntries: 2000, maxBytes: 64 * 1024 };
/** Anything stored in a conversation (events a client appends, slot values): far below what `JSON.stringify` can encode. */
export const STORED_JSON_LIMITS: JsonLimits = { maxDepth: 64 };

/**
 * C0 controls and DEL (PostgreSQL cannot store NUL; the others break logs and keys), and unpaired
 * surrogates (not valid UTF-8; in `u` mode a surrogate pair is one code point and does not match).
 */
// eslint-disable-next-line no-control-regex -- matching control characters is the point
const UNSAFE_ID_CHARACTER = /[\u0000-\u001f\u007f\ud800-\udfff]/u;

/** Why `id` cannot be a conversation (or A2A task / message) id, or `undefined` when it can. */
export function idProblem(id: string): string | undefined {
  if (id.length === 0) return 'must not be empty';
  if (id.length > MAX_ID_LENGTH) return `must be at most ${MAX_ID_LENGTH} characters (got ${id.length})`;
  if (UNSAFE_ID_CHARACTER.test(id)) return 'must not contain control characters or unpaired surrogates';
  return undefined;
}

/** Throws `InvalidInputError` (HTTP 400) when `id` is not a usable conversation id. */
export function checkSenderId(id: string, what = 'sender'): void {
  const problem = idProblem(id);
  if (problem) throw new InvalidInputError(`The ${what} id ${problem}.`, { field: what });
}

/** A conversation id in a request schema: the same rule as `checkSenderId`. */
export const senderIdSchema = z.string().superRefine((id, ctx) => {
  const problem = idProblem(id);
  if (problem) ctx.addIssue({ code: 'custom', message: `the id ${problem}` });
});

/**
 * Why `value` exceeds `limits`, or `undefined`. Iterative and stops at the first excess, so a hostile
 * value costs at most its own size and can never overflow the stack.
 */
export function jsonLimitProblem(value: unknown, limits: JsonLimits): string | undefined {
  const maxEntries = limits.maxEntries ?? Number.POSITIVE_INFINITY;
  const maxBytes = limits.maxBytes ?? Number.POSITIVE_INFINITY;
  let entries = 0;
  let bytes = 0;
  const pending: { value: unknown; depth: number }[] = [{ value, depth: 1 }];
  while (pending.length > 0) {
    const { value: current, depth } = pending.pop()!;
    if (typeof current === 'string') bytes += current.length + 2;
    else if (typeof current === 'object' && current !== null) {
      if (depth > limits.maxDepth) return `nests deeper than ${limits.maxDepth} levels`;
      const children = Array.isArray(current) ? current : Object.values(current);
      if (!Array.isArray(current)) for (const key of Object.keys(current)) bytes += key.length + 3;
      entries += children.length;
      bytes += 2 + children.length;
      if (entries > maxEntries) return `has more than ${maxEntries} keys and items`;
      for (const child of children) pending.push({ value: child, depth: depth + 1 });
    } else bytes += 8;
    if (bytes > maxBytes) return `is larger than ${maxBytes} bytes`;
  }
  return undefined;
}

/** The checks of a message's ids, metadata and preset slots; throws `InvalidInputError`. Channels that answer before the turn ends (streaming) call it first. */
export function checkIncomingMessage(message: IncomingMessage): void {
  checkSenderId(message.senderId);
  if (message.messageId !== undefined) checkSenderId(message.messageId, 'message');
  if (message.metadata) checkJsonLimits(message.metadata, 'metadata', METADATA_LIMITS);
  if (message.presetSlots) checkJsonLimits(message.presetSlots, 'slots', METADATA_LIMITS);
}

/** Throws `InvalidInputError` (HTTP 400) naming `what` when `value` exceeds `limits`. */
export function checkJsonLimits(value: unknown, what: string, limits: JsonLimits): void {
  const problem = jsonLimitProblem(value, limits);
  if (problem) throw new InvalidInputError(`The ${what} ${problem}.`, { field: what, limits });
}
