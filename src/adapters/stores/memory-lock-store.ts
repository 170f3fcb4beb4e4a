/**
 * Lock store for one process: a FIFO queue of waiters per key. A holder that outlives its ttl loses
 * the lock to the next waiter, and its late `release()` does nothing.
 * @module
 */
import { type Lock, type LockStore, LockTimeoutError } from '../../ports/lock-store.ts';
import { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.ts';

interface Waiter {
  readonly ttlMs: number;
  readonly grant: (lock: Lock) => void;
  readonly fail: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface KeyState {
  holder?: { readonly token: number; readonly expiry: NodeJS.Timeout };
  readonly waiters: Waiter[];
}

export class MemoryLockStore implements LockStore {
  private readonly keys = new Map<string, KeyState>();
  private nextToken = 0;

  acquire(key: string, options: { waitMs?: number; ttlMs?: number } = {}): Promise<Lock> {
    const ttlMs = options.ttlMs ?? DEFAULT_LOCK_TTL_MS;
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { waiters: [] };
      this.keys.set(key, state);
    }
    if (state.holder === undefined) return Promise.resolve(this.take(key, state, ttlMs));
    const queue = state.waiters;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
        ttlMs,
        grant: resolve,
        fail: reject,
        timer: setTimeout(() => {
          queue.splice(queue.indexOf(waiter), 1);
          reject(new LockTimeoutError(key));
        }, options.waitMs ?? DEFAULT_LOCK_WAIT_MS),
      };
      queue.push(waiter);
    });
  }

  async close(): Promise<void> {
    for (const [key, state] of this.keys) {
      if (state.holder) clearTimeout(state.holder.expiry);
      for (const waiter of state.waiters) {
        clearTimeout(waiter.timer);
        waiter.fail(new Error(`The lock store was closed while waiting for the lock of conversation '${key}'.`));
      }
    }
    this.keys.clear();
  }

  private take(key: string, state: KeyState, ttlMs: number): Lock {
    const token = ++this.nextToken;
    const expiry = setTimeout(() => this.free(key, token), ttlMs);
    expiry.unref();
    state.holder = { token, expiry };
    return { release: async () => this.free(key, token) };
  }

  private free(key: string, token: number): void {
    const state = this.keys.get(key);
    if (state?.holder?.token !== token) return;
    clearTimeout(state.holder.expiry);
    state.holder = undefined;
    const next = state.waiters.shift();
    if (next === undefined) {
      this.keys.delete(key);
      return;
    }
    clearTimeout(next.timer);
    next.grant(this.take(key, state, next.ttlMs));
  }
}
