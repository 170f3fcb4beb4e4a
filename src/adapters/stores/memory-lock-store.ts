/**
 * Lock store for one process: a FIFO queue of waiters per key. A holder keeps the lock until it
 * releases it, however long its turn runs: it cannot die without the process, and the locks, dying
 * with it (so `ttlMs` has nothing to do here).
 * @module
 */
import { type Lock, type LockStore, LockTimeoutError } from '../../ports/lock-store.ts';
import { DEFAULT_LOCK_WAIT_MS } from './lock-defaults.ts';

interface Waiter {
  readonly grant: (lock: Lock) => void;
  readonly fail: (error: Error) => void;
  readonly timer: NodeJS.Timeout;
}

interface KeyState {
  holder?: HeldLock;
  readonly waiters: Waiter[];
}

/** A held lock is an object, not a `release` closure per turn; it hands the lock on to the next waiter. */
class HeldLock implements Lock {
  constructor(
    private readonly keys: Map<string, KeyState>,
    private readonly key: string,
    private readonly state: KeyState,
  ) {
    state.holder = this;
  }

  async release(): Promise<void> {
    const { state } = this;
    if (state.holder !== this || this.keys.get(this.key) !== state) return;
    state.holder = undefined;
    const next = state.waiters.shift();
    if (next === undefined) {
      this.keys.delete(this.key);
      return;
    }
    clearTimeout(next.timer);
    next.grant(new HeldLock(this.keys, this.key, state));
  }
}

export class MemoryLockStore implements LockStore {
  private readonly keys = new Map<string, KeyState>();

  acquire(key: string, options: { waitMs?: number; ttlMs?: number } = {}): Promise<Lock> {
    let state = this.keys.get(key);
    if (state === undefined) {
      state = { waiters: [] };
      this.keys.set(key, state);
    }
    if (state.holder === undefined) return Promise.resolve(new HeldLock(this.keys, key, state));
    const queue = state.waiters;
    return new Promise((resolve, reject) => {
      const waiter: Waiter = {
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
      for (const waiter of state.waiters) {
        clearTimeout(waiter.timer);
        waiter.fail(new Error(`The lock store was closed while waiting for the lock of conversation '${key}'.`));
      }
    }
    this.keys.clear();
  }
}
