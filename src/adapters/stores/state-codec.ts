/**
 * How the durable stores encode what they keep: compact JSON, as text (PostgreSQL, which compresses
 * long values itself) or packed (SQLite, Redis): zlib-deflated (fastest level) when longer than
 * 1 KiB, which cuts conversation JSON about sixfold.
 * @module
 */
import { constants, deflateSync, inflateSync } from 'node:zlib';
import { STATE_VERSION, type ConversationState } from '../../core/state.ts';

/** Shorter JSON is stored as is: compressing it gains little and it stays readable in redis-cli / sqlite3. */
const PACK_THRESHOLD_BYTES = 1024;
/**
 * A save re-deflates its conversation's open chunk of events; the fastest level takes about a third
 * less CPU than the default for about a fifth more bytes (still far below the size goal).
 */
const PACK_OPTIONS = { level: constants.Z_BEST_SPEED };
/** First byte of a zlib stream with the default window; stored JSON always starts with `{` or `[`. */
const ZLIB_HEADER = 0x78;

/** Encodes values for one kind of storage and reads them back. */
export interface ValueCodec<Stored> {
  encode(value: unknown): Stored;
  decode(stored: Stored): unknown;
}

export const jsonText: ValueCodec<string> = {
  encode: (value) => JSON.stringify(value),
  decode: (stored) => JSON.parse(stored) as unknown,
};

export const packedJson: ValueCodec<Buffer> = {
  encode(value) {
    const json = Buffer.from(JSON.stringify(value), 'utf8');
    return json.length > PACK_THRESHOLD_BYTES ? deflateSync(json, PACK_OPTIONS) : json;
  },
  decode: (stored) => JSON.parse((stored[0] === ZLIB_HEADER ? inflateSync(stored) : stored).toString('utf8')) as unknown,
};

/** Compact JSON of a state (what the stores' size goal is measured against). */
export function encodeState(state: ConversationState): string {
  return jsonText.encode(state);
}

/** A whole state, packed. */
export function packState(state: ConversationState): Buffer {
  return packedJson.encode(state);
}

/** Reads what `packState` wrote. */
export function unpackState(stored: Buffer): ConversationState {
  return checkVersion(packedJson.decode(stored) as ConversationState);
}

/** The state itself, unless an unknown version wrote it. */
export function checkVersion(state: ConversationState): ConversationState {
  if (state.version !== STATE_VERSION) {
    throw new Error(
      `Stored conversation '${state.sender_id}' has state version ${String(state.version)}; this colloquy reads version ${STATE_VERSION}. Upgrade colloquy or delete the conversation.`,
    );
  }
  return state;
}
