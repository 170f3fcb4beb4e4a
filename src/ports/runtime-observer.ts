/**
 * What operations tooling (metrics, tracing, event brokers) sees of the turn processor: the phases
 * of a turn as they run, and the events of every saved conversation. One small port, so the
 * runtime has one place that reports and adapters decide what to do with it.
 * @module
 */
import type { ConversationState } from '../core/state.ts';

export type Phase = 'turn' | 'understand' | 'action' | 'tool' | 'agent' | 'search';

export interface PhaseInfo {
  readonly phase: Phase;
  readonly senderId: string;
  /** Input channel of the turn (`rest`, `socketio`, `a2a`, …). */
  readonly channel?: string;
  /** Action, tool or agent name (`EnterpriseSearchPolicy` for a knowledge search). */
  readonly name?: string;
}

/** How a phase ended: `ok`, or `error` (an exception, a failed action/tool/agent). */
export type PhaseOutcome = 'ok' | 'error';

export interface RuntimeObserver {
  /**
   * Runs `work` as one phase of a turn (phases nest: a turn contains its understanding and actions).
   * Must call `work` exactly once and return (or rethrow) what it gives. `outcome` maps the result
   * of a phase that reports failure in its value rather than by throwing.
   */
  phase<T>(info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T>;
  /** A conversation was saved; its events from `fromIndex` on are new. Must neither throw nor block the turn. */
  saved(state: ConversationState, fromIndex: number): void;
}

/** Observes nothing: the default. */
export const NO_OBSERVER: RuntimeObserver = {
  phase: (_info, work) => work(),
  saved: () => undefined,
};

/** Several observers as one; phases nest in list order (the first is outermost). */
export function combineObservers(observers: readonly RuntimeObserver[]): RuntimeObserver {
  if (observers.length === 0) return NO_OBSERVER;
  if (observers.length === 1) return observers[0]!;
  return {
    phase: (info, work, outcome) => nest(observers, 0, info, work, outcome),
    saved: (state, fromIndex) => {
      for (const o of observers) o.saved(state, fromIndex);
    },
  };
}

/** `observers[from]`'s phase around the next one's, the last around `work`: one closure per nesting level. */
function nest<T>(observers: readonly RuntimeObserver[], from: number, info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T> {
  const observer = observers[from]!;
  if (from === observers.length - 1) return observer.phase(info, work, outcome);
  return observer.phase(info, () => nest(observers, from + 1, info, work, outcome), outcome);
}
