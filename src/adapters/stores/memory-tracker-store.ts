/**
 * Tracker store in process memory (Rasa `InMemoryTrackerStore`): for tests and single-process demos.
 * Conversations in use are kept as objects rather than JSON, shared with the engine, which never
 * changes a state (the types are readonly) but shares its unchanged parts with the next one. Under
 * tests and in development they are also deeply frozen, so that code writing into a stored state
 * fails there instead of changing what the store holds (freezing costs only what a turn added). A
 * conversation not saved for `idleMs`
 * is packed as the durable stores pack it (compact JSON, deflated), a tenth of its heap as objects;
 * a sweep outside the turns does that, and loading it again unpacks it once. Every event is kept, as
 * in the durable stores.
 * @module
 */
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { deepFreeze } from './deep-freeze.ts';
import { checkVersion, packState, unpackState } from './state-codec.ts';

export interface MemoryTrackerStoreOptions {
  /** A conversation not saved for this long is packed; default one minute. */
  readonly idleMs?: number;
  /** Milliseconds; injected by tests. */
  readonly now?: () => number;
  /** Deep-freeze stored states; by default only when `NODE_ENV` is `test` (as vitest sets it) or `development`. */
  readonly freeze?: boolean;
}

const DEFAULT_IDLE_MS = 60_000;

/**
 * Not in production: freezing, and the engine then copying frozen objects (V8's slow path for
 * spreads of frozen objects), was ≈ 15% of an in-process turn's CPU.
 */
const FREEZE_BY_DEFAULT = process.env['NODE_ENV'] === 'test' || process.env['NODE_ENV'] === 'development';

interface Live {
  readonly state: ConversationState;
  readonly savedAt: number;
}

export class MemoryTrackerStore implements TrackerStore {
  /** Least recently saved first (a save re-inserts), so the sweep stops at the first one still in use. */
  private readonly live = new Map<string, Live>();
  private readonly packed = new Map<string, Buffer>();
  private readonly idleMs: number;
  private readonly now: () => number;
  private readonly freeze: boolean;
  private readonly sweeper: NodeJS.Timeout;

  constructor(options: MemoryTrackerStoreOptions = {}) {
    this.idleMs = options.idleMs ?? DEFAULT_IDLE_MS;
    this.now = options.now ?? Date.now;
    this.freeze = options.freeze ?? FREEZE_BY_DEFAULT;
    // Unref'd: the sweep never keeps the process alive.
    this.sweeper = setInterval(() => this.packIdle(), Math.max(this.idleMs / 2, 1_000)).unref();
  }

  async load(senderId: string): Promise<ConversationState | undefined> {
    const live = this.live.get(senderId);
    if (live !== undefined) return checkVersion(live.state);
    const packed = this.packed.get(senderId);
    if (packed === undefined) return undefined;
    const state = unpackState(packed);
    if (this.freeze) deepFreeze(state);
    return state;
  }

  async save(state: ConversationState): Promise<void> {
    if (this.freeze) freezeState(state);
    this.live.delete(state.sender_id);
    this.packed.delete(state.sender_id);
    this.live.set(state.sender_id, { state, savedAt: this.now() });
  }

  async delete(senderId: string): Promise<void> {
    this.live.delete(senderId);
    this.packed.delete(senderId);
  }

  async keys(): Promise<string[]> {
    return [...this.live.keys(), ...this.packed.keys()];
  }

  async close(): Promise<void> {
    clearInterval(this.sweeper);
  }

  /** Packs every conversation not saved for `idleMs` (the sweep runs this on its own). */
  packIdle(): void {
    const before = this.now() - this.idleMs;
    for (const [senderId, { state, savedAt }] of this.live) {
      if (savedAt > before) break;
      this.live.delete(senderId);
      this.packed.set(senderId, exactCopy(packState(state)));
    }
  }
}

/** zlib returns a view of its 16 KiB output chunk; holding that would keep the whole chunk. */
function exactCopy(buffer: Buffer): Buffer {
  const copy = Buffer.allocUnsafeSlow(buffer.length);
  buffer.copy(copy);
  return copy;
}

/**
 * Deep-freezes a state. Its event log is a frozen log (what this store held or unpacked) with the
 * turn's events appended, so only the unfrozen tail is walked, from the end: cost by what the turn
 * added, not by the length of the conversation (a scan of the whole log was most of a turn's CPU on
 * conversations of thousands of events).
 */
function freezeState(state: ConversationState): void {
  if (Object.isFrozen(state)) return;
  Object.freeze(state);
  for (const key in state) if (key !== 'events') deepFreeze((state as unknown as Record<string, unknown>)[key]);
  const events = state.events;
  if (Object.isFrozen(events)) return;
  Object.freeze(events);
  for (let i = events.length - 1; i >= 0 && !Object.isFrozen(events[i]); i--) deepFreeze(events[i]);
}
