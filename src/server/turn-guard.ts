/**
 * Wraps the runtime for serving: counts in-flight calls so shutdown can wait for them, refuses new
 * ones once shutdown began, and bounds how long a turn may take (`--response-timeout`).
 * @module
 */
import type { ConversationRuntime, IncomingMessage, MessageSink, TurnResult } from '../runtime/processor-api.ts';
import { HttpError } from './http-error.ts';

export interface GuardedRuntime extends ConversationRuntime {
  /** False once `stopAccepting` was called. */
  readonly accepting: boolean;
  /** New calls now fail with 503 `ServiceUnavailable`. */
  stopAccepting(): void;
  /** Resolves true when no call is in flight, or false after `timeoutMs`. */
  drain(timeoutMs: number): Promise<boolean>;
}

export function guardRuntime(runtime: ConversationRuntime, turnTimeoutMs: number): GuardedRuntime {
  let accepting = true;
  let inFlight = 0;
  const idleWaiters = new Set<() => void>();
  // One callback for every call, not a closure per call.
  const done = () => {
    inFlight -= 1;
    if (inFlight === 0) for (const wake of idleWaiters) wake();
  };

  /** Counts the call until it really settles, even when the caller stopped waiting (timeout). */
  function track<T>(call: () => Promise<T>): Promise<T> {
    if (!accepting) return Promise.reject(new HttpError(503, 'ServiceUnavailable', 'The server is shutting down; retry on another instance.'));
    inFlight += 1;
    let settled: Promise<T>;
    try {
      settled = call();
    } catch (error) {
      settled = Promise.reject(error);
    }
    settled.then(done, done);
    return settled;
  }

  // One watchdog timer for all turns instead of a timer per turn (timer bookkeeping showed in the
  // REST profile): every turn gets the same timeout, so insertion order is deadline order.
  const waiting = new Set<{ readonly deadline: number; readonly reject: (error: Error) => void }>();
  let watchdog: NodeJS.Timeout | undefined;

  function armWatchdog(): void {
    const oldest = waiting.values().next().value;
    if (!oldest) return;
    // unref: a pending turn keeps its connection (and so the process) alive; the watchdog must not.
    watchdog = setTimeout(expireTurns, Math.max(0, oldest.deadline - performance.now())).unref();
  }

  function expireTurns(): void {
    watchdog = undefined;
    const now = performance.now();
    for (const turn of waiting) {
      if (turn.deadline > now) break;
      waiting.delete(turn);
      turn.reject(new HttpError(503, 'ResponseTimeout', `The turn took longer than ${turnTimeoutMs / 1000} s; it may still complete.`));
    }
    armWatchdog();
  }

  function bounded(turn: Promise<TurnResult>): Promise<TurnResult> {
    return new Promise((resolve, reject) => {
      const entry = { deadline: performance.now() + turnTimeoutMs, reject };
      waiting.add(entry);
      if (!watchdog) armWatchdog();
      turn.then(
        (result) => (waiting.delete(entry), resolve(result)),
        (error: unknown) => (waiting.delete(entry), reject(error)),
      );
    });
  }

  return {
    get accepting() {
      return accepting;
    },
    stopAccepting() {
      accepting = false;
    },
    drain(timeoutMs) {
      if (inFlight === 0) return Promise.resolve(true);
      return new Promise((resolve) => {
        const done = (idle: boolean) => {
          clearTimeout(timer);
          idleWaiters.delete(wake);
          resolve(idle);
        };
        const wake = () => done(true);
        const timer = setTimeout(() => done(false), timeoutMs);
        idleWaiters.add(wake);
      });
    },
    handleMessage: (message: IncomingMessage, sink?: MessageSink) => bounded(track(() => runtime.handleMessage(message, sink))),
    triggerIntent: (senderId, intent, entities, channel) => bounded(track(() => runtime.triggerIntent(senderId, intent, entities, channel))),
    appendEvents: (senderId, events, options) => track(() => runtime.appendEvents(senderId, events, options)),
    deleteConversation: (senderId) => track(() => runtime.deleteConversation(senderId)),
    executeAction: (senderId, name, channel) => bounded(track(() => runtime.executeAction(senderId, name, channel))),
    parseMessage: (text) => track(() => runtime.parseMessage(text)),
    getState: (senderId) => runtime.getState(senderId),
    listConversations: () => runtime.listConversations(),
  };
}
