/**
 * Lock store over a shared lease (Redis key, SQLite row): taking the lock writes a lease with our
 * token that expires after `ttlMs`; while we hold it, a heartbeat renews the lease every third of
 * the ttl, so a turn of any length keeps its lock, while a holder that dies (`kill -9`, a lost host)
 * frees it within `ttlMs`. Waiters poll with a short jittered backoff; releasing deletes the lease
 * only if it still carries our token.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { type Lock, type LockStore, LockTimeoutError } from '../../ports/lock-store.ts';
import { DEFAULT_LOCK_TTL_MS, DEFAULT_LOCK_WAIT_MS } from './lock-defaults.ts';

const FIRST_POLL_MS = 2;
const MAX_POLL_MS = 50;

/** The shared leases; every operation is atomic in the backend. */
export interface LeaseBackend {
  /** Writes the lease when there is none or it expired; true when it did. */
  take(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Pushes our lease's expiry to `ttlMs` from now; false when it is no longer ours. */
  renew(key: string, token: string, ttlMs: number): Promise<boolean>;
  /** Deletes the lease if it is ours. */
  drop(key: string, token: string): Promise<void>;
  close(): Promise<void>;
}

export class LeaseLockStore implements LockStore {
  private readonly heartbeats = new Set<NodeJS.Timeout>();

  constructor(private readonly leases: LeaseBackend) {}

  async acquire(key: string, options: { waitMs?: number; ttlMs?: number } = {}): Promise<Lock> {
    const token = randomUUID();
    const ttlMs = Math.max(30, Math.round(options.ttlMs ?? DEFAULT_LOCK_TTL_MS));
    const deadline = Date.now() + (options.waitMs ?? DEFAULT_LOCK_WAIT_MS);
    for (let pollMs = FIRST_POLL_MS; ; pollMs = Math.min(pollMs * 2, MAX_POLL_MS)) {
      if (await this.leases.take(key, token, ttlMs)) return this.hold(key, token, ttlMs);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new LockTimeoutError(key);
      await sleep(Math.min(remaining, pollMs / 2 + Math.random() * pollMs));
    }
  }

  async close(): Promise<void> {
    for (const heartbeat of this.heartbeats) clearInterval(heartbeat);
    this.heartbeats.clear();
    await this.leases.close();
  }

  private hold(key: string, token: string, ttlMs: number): Lock {
    let released = false;
    const stop = (): void => {
      clearInterval(heartbeat);
      this.heartbeats.delete(heartbeat);
    };
    // A renewal that fails (backend briefly unreachable) is retried on the next beat; one that finds
    // the lease gone (the process stalled longer than the ttl) stops: the lock is someone else's now.
    const heartbeat = setInterval(() => {
      this.leases.renew(key, token, ttlMs).then(
        (ours) => {
          if (!ours) stop();
        },
        () => undefined,
      );
    }, ttlMs / 3);
    heartbeat.unref();
    this.heartbeats.add(heartbeat);
    return {
      release: async () => {
        if (released) return;
        released = true;
        stop();
        await this.leases.drop(key, token);
      },
    };
  }
}
