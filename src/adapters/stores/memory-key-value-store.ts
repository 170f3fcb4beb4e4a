/**
 * Key-value store for one process, with TTL eviction and a cap on entries (the least recently
 * written entry goes first), so a flood of A2A requests cannot grow memory without bound.
 * @module
 */
import type { KeyValueStore } from '../../ports/key-value-store.ts';

export const DEFAULT_MAX_ENTRIES = 100_000;
/** Expired entries nobody reads again are swept once per this many writes, so they do not wait for the cap. */
const SWEEP_EVERY_WRITES = 1_000;

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
    if (++this.writes % SWEEP_EVERY_WRITES === 0) this.sweepExpired();
    if (this.entries.size >= this.maxEntries) this.evict();
    this.entries.set(key, { value, expiresAt: ttlMs === undefined ? Infinity : this.now() + ttlMs });
  }

  private sweepExpired(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expiresAt <= now) this.entries.delete(key);
  }

  private evict(): void {
    // A sweep visits every entry: at the cap it runs at most once per SWEEP_EVERY_WRITES writes, so a
    // flood of writes to a full store costs O(1) each, and expired entries still go before live ones.
    if (this.writes >= this.nextEvictionSweep) {
      this.nextEvictionSweep = this.writes + SWEEP_EVERY_WRITES;
      this.sweepExpired();
    }
    for (const key of this.entries.keys()) {
      if (this.entries.size < this.maxEntries) break;
      this.entries.delete(key);
    }
  }
}
