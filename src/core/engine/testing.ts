/**
 * Scripted conversations for tests and benchmarks: feed commands and effect outcomes, collect
 * transitions, events and bot texts. Deterministic by default (fixed clock, sequential ids, random 0).
 * @module
 */
import type { Assistant } from '../assistant.ts';
import { fixedClock, sequentialIds } from '../clock.ts';
import type { Command } from '../commands.ts';
import type { Event } from '../events.ts';
import type { ConversationState } from '../state.ts';
import type { EffectOutcome, EngineContext, Transition } from '../turn.ts';
import { beginTurn, newConversation, resume, startSession } from './engine.ts';

export type ScriptItem =
  /** A user message with the commands understanding produced for it. */
  | { readonly commands: readonly Command[]; readonly text?: string | null; readonly metadata?: Readonly<Record<string, unknown>> }
  /** The outcome of the effect the previous transition asked for. */
  | { readonly outcome: EffectOutcome }
  /** A session start (`action_session_start`), with optional channel metadata. */
  | { readonly session: Readonly<Record<string, unknown>> | null };

export interface ScriptRun {
  readonly state: ConversationState;
  readonly transitions: readonly Transition[];
  /** Events of the whole run, oldest first. */
  readonly events: readonly Event[];
  /** Bot texts per script item. */
  readonly texts: readonly (readonly string[])[];
}

export function testContext(options: { channel?: string; random?: () => number } = {}): EngineContext {
  return { clock: fixedClock(1_700_000_000_000, 1000), ids: sequentialIds('f'), random: options.random ?? (() => 0), ...(options.channel ? { channel: options.channel } : {}) };
}

/** Runs `items` from `state` (default: a new conversation) and returns what happened. */
export function runScript(
  assistant: Assistant,
  items: readonly ScriptItem[],
  options: { readonly ctx?: EngineContext; readonly state?: ConversationState; readonly senderId?: string } = {},
): ScriptRun {
  const ctx = options.ctx ?? testContext();
  let state = options.state ?? newConversation(assistant, options.senderId ?? 'test-user', ctx);
  const transitions: Transition[] = [];
  const events: Event[] = [];
  const texts: string[][] = [];
  for (const item of items) {
    let t: Transition;
    if ('commands' in item) {
      t = beginTurn(assistant, state, { text: item.text ?? null, commands: item.commands, ...(item.metadata ? { metadata: item.metadata } : {}) }, ctx);
    } else if ('outcome' in item) t = resume(assistant, state, item.outcome, ctx);
    else t = startSession(assistant, state, item.session ?? undefined, ctx);
    state = t.state;
    transitions.push(t);
    events.push(...t.events);
    texts.push(t.messages.flatMap((m) => (m.text !== undefined ? [m.text] : [])));
  }
  return { state, transitions, events, texts };
}

/** The last transition's effect, for asserting what the runtime must do next. */
export function lastEffect(run: ScriptRun): Transition['effect'] | undefined {
  return run.transitions[run.transitions.length - 1]?.effect;
}
