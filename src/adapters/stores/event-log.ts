/**
 * How the durable stores keep a conversation with its whole history (Rasa keeps every event too)
 * without rewriting that history on every turn: a small head (the state without its events, and where
 * the event log stands) rewritten on each save, and the events in chunks of up to `CHUNK_EVENTS`.
 * A save writes the head and the last, partly filled chunk, so its bytes written stay bounded however
 * long the conversation; a full chunk is sealed and never written again. A save whose events do not
 * continue the stored log (the history was replaced) rewrites every chunk and starts a new generation.
 * Loading decodes only the last chunk: the older events are decoded when a reader first reads one
 * (`lazyEventLog`), so a turn's cost does not grow with the conversation's length. Sealed chunks of the
 * same generation never change, so once decoded their events are kept (frozen, within a bounded cache)
 * and the next load decodes only the chunks stored since.
 * Each backend supplies the storage (`EventLogBackend`); `EventLogTrackerStore` is the TrackerStore.
 * @module
 */
import { createHash, randomUUID } from 'node:crypto';
import type { Event } from '../../core/events.ts';
import { lazyEventLog, olderEvents } from '../../core/lazy-event-log.ts';
import type { ConversationState } from '../../core/state.ts';
import type { TrackerStore } from '../../ports/tracker-store.ts';
import { deepFreeze } from './deep-freeze.ts';
import { checkVersion, type ValueCodec } from './state-codec.ts';

/** Events per sealed chunk: about 10 turns, a few KB packed. */
export const CHUNK_EVENTS = 100;
/**
 * Sealed events kept decoded per store, over all conversations (least recently loaded dropped
 * first): some tens of MB, enough for the long conversations, where decoding would cost most.
 */
const CACHED_EVENTS = 20_000;

/**
 * Where the stored log stands: its length, the first event of its open chunk, a hash of its last
 * event, and its generation (new whenever the chunks were rewritten).
 */
interface LogPosition {
  readonly count: number;
  readonly open: number;
  readonly tail: string;
  readonly generation: string;
}

interface Head {
  /** The state with `events: []`. */
  readonly state: ConversationState;
  readonly log: LogPosition;
}

export interface StoredConversation<Stored> {
  readonly head: Stored;
  /** The conversation's chunks from the one asked for, in log order. */
  readonly chunks: readonly Stored[];
}

/** What one save writes: the head, and chunks by the index of their first event (upserted). */
export interface ConversationWrite<Stored> {
  readonly head: Stored;
  /** Delete every stored chunk first (the history was replaced). */
  readonly replaceChunks: boolean;
  readonly chunks: readonly { readonly first: number; readonly data: Stored }[];
}

export interface EventLogBackend<Stored> {
  /**
   * The head of one conversation and its chunks whose first event is at `fromIndex` or later, read
   * consistently; `undefined` when unknown.
   */
  read(senderId: string, fromIndex: number): Promise<StoredConversation<Stored> | undefined>;
  /** Atomically reads the stored head, asks `plan` what to write, and writes it. */
  write(senderId: string, plan: (previousHead: Stored | undefined) => ConversationWrite<Stored>): Promise<void>;
  delete(senderId: string): Promise<void>;
  keys(): Promise<string[]>;
  close(): Promise<void>;
}

/** The sealed events of a conversation this store decoded last time, for one generation of its log. */
interface SealedEvents {
  readonly generation: string;
  readonly events: readonly Event[];
}

export class EventLogTrackerStore<Stored> implements TrackerStore {
  /** In load order, least recent first. */
  private readonly sealed = new Map<string, SealedEvents>();
  private cachedEvents = 0;

  constructor(
    private readonly backend: EventLogBackend<Stored>,
    private readonly codec: ValueCodec<Stored>,
  ) {}

  async load(senderId: string): Promise<ConversationState | undefined> {
    const known = this.forget(senderId);
    const stored = await this.backend.read(senderId, known?.events.length ?? 0);
    if (stored === undefined) return undefined;
    const head = this.codec.decode(stored.head) as Head | ConversationState;
    // A head without `log` is a whole state as stored before the log was chunked.
    if (!('log' in head)) return checkVersion(head);
    // The chunks were rewritten since: read them all again.
    if (known !== undefined && known.generation !== head.log.generation) return this.load(senderId);
    const events = known === undefined ? this.lazyEvents(senderId, head.log, stored.chunks) : this.eventsAfter(senderId, known, head.log, stored.chunks);
    return checkVersion({ ...head.state, events });
  }

  save(state: ConversationState): Promise<void> {
    return this.backend.write(state.sender_id, (previousHead) => {
      const previous = previousHead === undefined ? undefined : (this.codec.decode(previousHead) as Partial<Head>).log;
      return planWrite(state, previous, this.codec);
    });
  }

  delete(senderId: string): Promise<void> {
    return this.backend.delete(senderId);
  }

  keys(): Promise<string[]> {
    return this.backend.keys();
  }

  close(): Promise<void> {
    this.sealed.clear();
    return this.backend.close();
  }

  /**
   * The whole log, of which only the last chunk is decoded now: a turn reads the log's recent end,
   * so the older events are decoded (and cached) only if a reader asks for them.
   */
  private lazyEvents(senderId: string, log: LogPosition, chunks: readonly Stored[]): readonly Event[] {
    const last = chunks.at(-1);
    const recent = last === undefined ? [] : (this.codec.decode(last) as Event[]);
    const older = log.count - recent.length;
    if (older < 0 || (older > 0 && chunks.length < 2)) throw missingEvents(senderId, log, recent.length);
    if (older === 0) return recent;
    const decode = () => {
      const events = chunks.slice(0, -1).flatMap((chunk) => this.codec.decode(chunk) as Event[]);
      if (events.length !== older) throw missingEvents(senderId, log, events.length + recent.length);
      this.forget(senderId);
      this.remember(senderId, { generation: log.generation, events: freezeEvents(events, 0, older) });
      return events;
    };
    return lazyEventLog(olderEvents(older, decode), recent);
  }

  /** The whole log, decoding only the chunks stored since this store last decoded the older ones. */
  private eventsAfter(senderId: string, known: SealedEvents, log: LogPosition, chunks: readonly Stored[]): readonly Event[] {
    const events = [...known.events, ...chunks.flatMap((chunk) => this.codec.decode(chunk) as Event[])];
    if (events.length !== log.count) throw missingEvents(senderId, log, events.length);
    if (log.open > 0) this.remember(senderId, { generation: log.generation, events: freezeEvents(events, known.events.length, log.open) });
    return events;
  }

  private forget(senderId: string): SealedEvents | undefined {
    const known = this.sealed.get(senderId);
    if (known !== undefined) {
      this.sealed.delete(senderId);
      this.cachedEvents -= known.events.length;
    }
    return known;
  }

  private remember(senderId: string, sealed: SealedEvents): void {
    this.sealed.set(senderId, sealed);
    this.cachedEvents += sealed.events.length;
    for (const [oldest, { events }] of this.sealed) {
      if (this.cachedEvents <= CACHED_EVENTS) break;
      this.sealed.delete(oldest);
      this.cachedEvents -= events.length;
    }
  }
}

function missingEvents(senderId: string, log: LogPosition, found: number): Error {
  return new Error(`Stored conversation '${senderId}' is missing events: its log has ${found} of ${log.count}.`);
}

/** The sealed events (before `open`), frozen (those from `from` on are new), for the cache to share with callers. */
function freezeEvents(events: readonly Event[], from: number, open: number): readonly Event[] {
  for (let i = from; i < open; i++) deepFreeze(events[i]);
  return events.slice(0, open);
}

function planWrite<Stored>(state: ConversationState, previous: LogPosition | undefined, codec: ValueCodec<Stored>): ConversationWrite<Stored> {
  const events = state.events;
  const continues = previous !== undefined && events.length >= previous.count && (previous.count === 0 || hashOf(events[previous.count - 1]) === previous.tail);
  const from = continues ? previous.open : 0;
  const chunks: { first: number; data: Stored }[] = [];
  if (!continues || events.length > previous.count) {
    for (let first = from; first < events.length; first += CHUNK_EVENTS) chunks.push({ first, data: codec.encode(events.slice(first, first + CHUNK_EVENTS)) });
  }
  const log: LogPosition = {
    count: events.length,
    open: from + Math.floor((events.length - from) / CHUNK_EVENTS) * CHUNK_EVENTS,
    tail: events.length === 0 ? '' : hashOf(events[events.length - 1]),
    generation: continues ? previous.generation : randomUUID(),
  };
  const head: Head = { state: { ...state, events: [] }, log };
  return { head: codec.encode(head), replaceChunks: !continues, chunks };
}

/** Tells whether a saved state continues the stored log; its JSON is what the store holds. */
function hashOf(event: Event | undefined): string {
  return createHash('sha256').update(JSON.stringify(event)).digest('base64url').slice(0, 22);
}
