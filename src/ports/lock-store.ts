/**
 * Serializes the turns of one conversation across workers and replicas.
 * @module
 */

export interface Lock {
  /** Releases the lock; safe to call twice. */
  release(): Promise<void>;
}

export interface LockStore {
  /**
   * Waits until the lock for `key` is free and takes it. Fails with `LockTimeoutError` after `waitMs`.
   * A live holder keeps the lock until it releases it, however long that takes; a holder that dies
   * (its process killed) loses it within `ttlMs`.
   */
  acquire(key: string, options?: { waitMs?: number; ttlMs?: number }): Promise<Lock>;
  close(): Promise<void>;
}

export class LockTimeoutError extends Error {
  readonly code = 'lock_timeout';
  constructor(readonly key: string) {
    super(`Timed out waiting for the lock of conversation '${key}'.`);
    this.name = 'LockTimeoutError';
  }
}
