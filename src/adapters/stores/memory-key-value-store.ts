/**
 * Key-value store for one process, with TTL eviction and a cap on entries (the least recently
 * written entry goes first), so a flood of A2A requests cannot grow memory without bound.
 * @module
 */
import type { KeyValueStore } from '../../ports/key-value-store.ts';

export const DEFAULT_MAX_ENTRIES = 100_000;
/**
 * Entries the sweep looks at per write, resuming where it stopped: expired entries nobody reads again
 * go within (entries ÷ this) writes, long before the cap, at a constant cost per write.
 */
const SWEEP_PER_WRITE = 4;
/** At the cap, a sweep of every entry (so expired ones go before live ones) runs at most once per this many writes. */
const EVICTION_SWEEP_EVERY_WRITES = 1_000;

interface Entry {
  readonly value: string;
  readonly expiresAt: number;
}

export class MemoryKeyValueStore implements KeyValueStore {
  private readonly entries = new Map<string, Entry>();
  private readonly maxEntries: number;
  private readonly now: () => number;
  private writes = 0;
  /** The write count before which a full store evicts without sweeping first (see evict). */
  private nextEvictionSweep = 0;
  /** Where the per-write sweep resumes: a Map iterator sees later insertions and skips deleted keys. */
  private hand: Iterator<[string, Entry]> | undefined;

  constructor(options: { readonly maxEntries?: number; readonly now?: () => number } = {}) {
    this.maxEntries = options.maxEntries ?? DEFAULT_MAX_ENTRIES;
    this.now = options.now ?? Date.now;
  }

  /** Entries held, expired ones included until they are swept. */
  get size(): number {
    return this.entries.size;
  }

  async get(key: string): Promise<string | undefined> {
    return this.live(key)?.value;
  }

  async set(key: string, value: string, ttlMs?: number): Promise<void> {
    this.write(key, value, ttlMs);
  }

  async setIfAbsent(key: string, value: string, ttlMs?: number): Promise<boolean> {
    if (this.live(key) !== undefined) return false;
    this.write(key, value, ttlMs);
    return true;
  }

  async delete(key: string): Promise<void> {
    this.entries.delete(key);
  }

  async keysWithPrefix(prefix: string): Promise<string[]> {
    return [...this.entries.keys()].filter((key) => key.startsWith(prefix) && this.live(key) !== undefined);
  }

  async close(): Promise<void> {
    this.entries.clear();
    this.hand = undefined;
  }

  private live(key: string): Entry | undefined {
    const entry = this.entries.get(key);
    if (entry === undefined || entry.expiresAt > this.now()) return entry;
    this.entries.delete(key);
    return undefined;
  }

  private write(key: string, value: string, ttlMs: number | undefined): void {
    // Re-inserting moves the key to the end of the Map's order, which is the eviction order.
    this.entries.delete(key);
    this.writes++;
    this.sweepSome();
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.now() + ttlMs });
  }

  /** Looks at the next SWEEP_PER_WRITE entries (wrapping around); the clock is read only for one that can expire. */
  private sweepSome(): void {
    let now: number | undefined;
    for (let i = 0; i < SWEEP_PER_WRITE; i++) {
      let next = (this.hand ??= this.entries.entries()).next();
      if (next.done) {
        this.hand = this.entries.entries();
        next = this.hand.next();
        if (next.done) return;
      }
      const [key, entry] = next.value;
      if (entry.expiresAt !== Infinity && entry.expiresAt <= (now ??= this.now())) this.entries.delete(key);
    }
  }

  private sweepExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  private evict(): void {
    // A sweep visits every entry: at the cap it runs at most once per EVICTION_SWEEP_EVERY_WRITES writes,
    // so a flood of writes to a full store costs O(1) each, and expired entries still go before live ones.
    if (this.writes >= this.nextEvictionSweep) {
      this.nextEvictionSweep = this.writes + EVICTION_SWEEP_EVERY_WRITES;
      this.sweepExpired();
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
