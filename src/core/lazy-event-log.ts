/**
 * An event log whose older part is decoded only when something reads it. Durable stores load a long
 * conversation as its last events plus a way to decode the rest (`OlderEvents`); a turn mostly reads
 * the log's length and its last events, so its cost stays that of the recent events however long the
 * conversation. The log is still an array to every reader (a Proxy over one): reading an older event,
 * scanning the whole log, serialising or freezing it decodes the older part once, transparently.
 * @module
 */
import type { Event } from './events.ts';

/** The first `count` events of a log, decoded on demand (at most once per `OlderEvents`). */
export interface OlderEvents {
  readonly count: number;
  decode(): readonly Event[];
}

interface LazyParts {
  readonly older: OlderEvents;
  readonly recent: readonly Event[];
  /** The target array: empty until the older part is read, then the whole log. */
  readonly target: Event[];
}

const lazyLogs = new WeakMap<readonly Event[], LazyParts>();

/** `older`'s events followed by `recent`, decoding `older` only when one of its events is read. */
export function lazyEventLog(older: OlderEvents, recent: readonly Event[]): readonly Event[] {
  const parts: LazyParts = { older, recent, target: [] };
  const log = new Proxy(parts.target, handlerFor(parts));
  lazyLogs.set(log, parts);
  return log;
}

/**
 * `log` then `events`, when `log` is lazy: still lazy (only its recent events are copied) until its
 * older part was read. `undefined` for any other log.
 */
export function appendedToLazy(log: readonly Event[], events: readonly Event[]): readonly Event[] | undefined {
  const parts = lazyLogs.get(log);
  if (parts === undefined) return undefined;
  return isWhole(parts) ? [...parts.target, ...events] : lazyEventLog(parts.older, [...parts.recent, ...events]);
}

/** Memoises a decoder, so logs that share older events decode them once. */
export function olderEvents(count: number, decode: () => readonly Event[]): OlderEvents {
  let decoded: readonly Event[] | undefined;
  return { count, decode: () => (decoded ??= decode()) };
}

function isWhole(parts: LazyParts): boolean {
  return parts.target.length > 0 || parts.older.count + parts.recent.length === 0;
}

/** Fills the target with the whole log (once). */
function materialise(parts: LazyParts): void {
  if (isWhole(parts)) return;
  const older = parts.older.decode();
  if (older.length !== parts.older.count) throw new Error(`An event log is missing events: ${older.length} of ${parts.older.count} older events decoded.`);
  // One push per event: spreading thousands of arguments into one call can overflow the stack.
  for (const event of older) parts.target.push(event);
  for (const event of parts.recent) parts.target.push(event);
}

/**
 * Reads of `length` and of recent events (and whether one exists: `slice` asks) are answered from
 * `recent`; anything else (an older event,
 * keys, descriptors, writes, freezing) makes the target the whole log first and goes to it, so the
 * Proxy invariants hold (the target is extensible and holds no element until then).
 */
function handlerFor(parts: LazyParts): ProxyHandler<Event[]> {
  const whole = () => {
    materialise(parts);
    return parts.target;
  };
  return {
    get(target, key, receiver) {
      if (!isWhole(parts) && typeof key === 'string') {
        if (key === 'length') return parts.older.count + parts.recent.length;
        const index = indexOf(key);
        if (index !== undefined && index >= parts.older.count) return parts.recent[index - parts.older.count];
        if (index !== undefined) return whole()[index];
      }
      return Reflect.get(target, key, receiver);
    },
    has(target, key) {
      const index = isWhole(parts) || typeof key !== 'string' ? undefined : indexOf(key);
      if (index === undefined) return Reflect.has(target, key);
      return index >= parts.older.count ? index < parts.older.count + parts.recent.length : Reflect.has(whole(), key);
    },
    ownKeys: () => Reflect.ownKeys(whole()),
    getOwnPropertyDescriptor: (_, key) => Reflect.getOwnPropertyDescriptor(whole(), key),
    defineProperty: (_, key, descriptor) => Reflect.defineProperty(whole(), key, descriptor),
    set: (_, key, value) => Reflect.set(whole(), key, value),
    deleteProperty: (_, key) => Reflect.deleteProperty(whole(), key),
    preventExtensions: () => Reflect.preventExtensions(whole()),
  };
}

/** The array index a property key names, if it names one. */
function indexOf(key: string): number | undefined {
  const code = key.charCodeAt(0);
  if (code < 48 || code > 57) return undefined;
  const index = Number(key);
  return Number.isInteger(index) && String(index) === key ? index : undefined;
}
