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

  /** Counts the call until it really settles, even when the caller stopped waiting (timeout). */
  function track<T>(call: () => Promise<T>): Promise<T> {
    if (!accepting) return Promise.reject(new HttpError(503, 'ServiceUnavailable', 'The server is shutting down; retry on another instance.'));
    inFlight += 1;
    const settled = Promise.resolve().then(call);
    settled
      .finally(() => {
        inFlight -= 1;
        if (inFlight === 0) for (const wake of idleWaiters) wake();
      })
      .catch(() => undefined);
    return settled;
  }

  function bounded(turn: Promise<TurnResult>): Promise<TurnResult> {
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new HttpError(503, 'ResponseTimeout', `The turn took longer than ${turnTimeoutMs / 1000} s; it may still complete.`)),
        turnTimeoutMs,
      );
    });
    return Promise.race([turn, timeout]).finally(() => clearTimeout(timer));
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
    appendEvents: (senderId, events) => track(() => runtime.appendEvents(senderId, events)),
    deleteConversation: (senderId) => track(() => runtime.deleteConversation(senderId)),
    getState: (senderId) => runtime.getState(senderId),
    listConversations: () => runtime.listConversations(),
  };
}
