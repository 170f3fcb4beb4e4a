/**
 * The working copy of one transition: current slots and stack, the events and bot messages produced
 * so far. Every state change goes through `emit` (the same fold replay uses); stack changes are
 * batched and written as one RFC 6902 `stack` event before the next action (see `FLUSH_STACK_BEFORE`).
 * @module
 */
import type { Assistant } from '../assistant.ts';
import { botEventOf, type BotMessage, type Event } from '../events.ts';
import { sameEntries } from '../plain-object.ts';
import type { Frame } from '../stack.ts';
import type { ConversationState } from '../state.ts';
import type { EngineContext, Effect, Transition } from '../turn.ts';
import { appended, applyEvent, freeze, liveStateOf, type LiveState } from './apply-event.ts';
import { diffFrames } from './json-patch.ts';
import { sameValue } from './slot-values.ts';

/** Events as steps create them; the draft adds the timestamp. */
export type NewEvent = Event extends infer E ? (E extends Event ? Omit<E, 'timestamp'> & { readonly timestamp?: number } : never) : never;

export type StepMetadata = { readonly active_flow: string; readonly step_id: string };

/**
 * Stack changes are written as one `stack` event before these events only (and when the transition
 * ends): each action is logged after the stack it was predicted from, as in Rasa, without a patch
 * per step. Restart, session start and patches from custom actions set the stack themselves.
 */
const FLUSH_STACK_BEFORE: ReadonlySet<Event['event']> = new Set(['action', 'user', 'stack', 'restart', 'session_started']);

/** Events that name their flow and step themselves (or are not a step's doing) get no step metadata. */
const WITHOUT_STEP_METADATA: ReadonlySet<Event['event']> = new Set(['user', 'stack', 'flow_started', 'flow_completed', 'flow_cancelled', 'flow_interrupted', 'flow_resumed']);

export class Draft {
  readonly live: LiveState;
  readonly events: Event[] = [];
  readonly messages: BotMessage[] = [];
  /** Set while a flow step runs, so its events carry `metadata: {active_flow, step_id}`. */
  stepMetadata: StepMetadata | undefined;
  private writtenStack: readonly Frame[];

  constructor(
    readonly assistant: Assistant,
    readonly base: ConversationState,
    readonly ctx: EngineContext,
  ) {
    this.live = liveStateOf(base);
    this.writtenStack = base.stack;
  }

  get slots(): Readonly<Record<string, unknown>> {
    return this.live.slots;
  }

  get stack(): readonly Frame[] {
    return this.live.stack;
  }

  /** Seconds since the epoch. */
  now(): number {
    return this.ctx.clock.now() / 1000;
  }

  newFrameId(): string {
    return this.ctx.ids.next();
  }

  setStack(frames: readonly Frame[]): void {
    this.live.stack = frames;
  }

  /**
   * Applies and records `event`, which becomes the draft's: it gets its timestamp and step metadata
   * in place (callers pass new objects; an event from outside is copied first).
   */
  emit(event: NewEvent): Event {
    const setsStack = FLUSH_STACK_BEFORE.has(event.event);
    if (setsStack) this.flushStack(event.event === 'action');
    const full = this.stamp(event);
    applyEvent(this.live, full, this.assistant);
    // Events that set the stack themselves (restart, session start, a custom action's patch) are the new baseline for diffs.
    if (setsStack && full.event !== 'action' && full.event !== 'user') this.writtenStack = this.live.stack;
    this.events.push(full);
    return full;
  }

  /**
   * Resets a slot the engine manages (flow-end resets, ask_before_filling, helper slots): no event when
   * the slot already holds `value` and no extractor is recorded for it, so a reset never repeats itself.
   */
  resetSlot(name: string, value: unknown, metadata?: Readonly<Record<string, unknown>>): void {
    if (sameValue(this.live.slots[name] ?? null, value) && !(this.live.slot_filled_by && name in this.live.slot_filled_by)) return;
    const event: { event: 'slot'; name: string; value: unknown; metadata?: Readonly<Record<string, unknown>> } = { event: 'slot', name, value };
    if (metadata) event.metadata = metadata;
    this.emit(event);
  }

  /**
   * Writes pending stack changes as one `stack` event. Before an action, a change of nothing but the
   * top frame's step waits: the action's metadata names that step.
   */
  private flushStack(unlessTopStepOnly = false): void {
    if (this.live.stack === this.writtenStack) return;
    // Most flushes come before an action whose step alone moved: checked without building a diff.
    if (unlessTopStepOnly && onlyTopStepMoved(this.writtenStack, this.live.stack)) return;
    const ops = diffFrames(this.writtenStack, this.live.stack);
    if (unlessTopStepOnly && ops.length === 1 && ops[0]!.op === 'replace' && ops[0]!.path === `/${this.live.stack.length - 1}/step_id`) return;
    this.writtenStack = this.live.stack;
    if (ops.length > 0) this.events.push(this.stamp({ event: 'stack', update: JSON.stringify(ops) }));
  }

  /** Appends a bot message and its `bot` event. */
  say(message: BotMessage): void {
    this.emit(botEventOf(message, this.stepMetadata));
    this.messages.push(message);
  }

  finish(effect: Effect): Transition {
    this.flushStack();
    return { state: freeze(this.live, this.allEvents()), events: this.events, messages: this.messages, effect };
  }

  /** Every event of the conversation so far, oldest first (for repeat, transcripts, agent history). */
  allEvents(): readonly Event[] {
    return this.events.length === 0 ? this.base.events : appended(this.base.events, this.events);
  }

  /** Adds the timestamp and, inside a step, the step's metadata where it tells something (in place: no copy per event). */
  private stamp(event: NewEvent): Event {
    const full = event as { -readonly [K in keyof Event]: Event[K] };
    if (full.timestamp === undefined) full.timestamp = this.now();
    if (this.stepMetadata && full.metadata === undefined && !WITHOUT_STEP_METADATA.has(full.event)) full.metadata = this.stepMetadata;
    return full as Event;
  }
}

/** True when `next` is `prev` with a new top frame that differs from the old one in `step_id` only. */
function onlyTopStepMoved(prev: readonly Frame[], next: readonly Frame[]): boolean {
  const top = next.length - 1;
  if (top < 0 || prev.length !== next.length) return false;
  for (let i = 0; i < top; i++) if (prev[i] !== next[i]) return false;
  const a = prev[top] as unknown as Record<string, unknown>;
  const b = next[top] as unknown as Record<string, unknown>;
  if (a === b || !('step_id' in a) || a['step_id'] === b['step_id']) return false;
  return sameEntries(b, a, 'step_id');
}
