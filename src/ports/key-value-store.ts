/**
 * A small TTL'd key-value store for shared runtime records (A2A tasks, messageId dedup, context
 * reservations, push configs), so any replica can serve any request.
 * @module
 */

export interface KeyValueStore {
  get(key: string): Promise<string | undefined>;
  /** `ttlMs` omitted = no expiry. */
  set(key: string, value: string, ttlMs?: number): Promise<void>;
  /** Sets only if absent; true when this call set it (an atomic claim). */
  setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean>;
  delete(key: string): Promise<void>;
  /** Keys with the prefix (bounded use: listing push configs of one task). */
  keysWithPrefix(prefix: string): Promise<string[]>;
  close(): Promise<void>;
}
