/**
 * The turn processor: lock → load → (session) → understand → process → execute effects → persist → emit.
 * The only place where the pure engine meets the ports.
 * @module
 */
import { randomFillSync } from 'node:crypto';
import type { Logger } from 'pino';
import type { Assistant } from '../core/assistant.ts';
import type { Domain } from '../core/domain.ts';
import type { Clock, IdSource, RandomSource } from '../core/clock.ts';
import type { Command } from '../core/commands.ts';
import { applyEvents, beginTurn, newConversation, responseContext, resume, startSession } from '../core/engine/index.ts';
import { botEventOf, type BotMessage, type Event } from '../core/events.ts';
import type { ConversationState } from '../core/state.ts';
import type { Effect, EffectOutcome, EngineContext, Transition, UserInput } from '../core/turn.ts';
import type { ActionRunner, TextChunk } from '../ports/action-runner.ts';
import type { AgentClient } from '../ports/agent-client.ts';
import type { KeyValueStore } from '../ports/key-value-store.ts';
import type { KnowledgeSearch } from '../ports/knowledge-search.ts';
import type { LockStore } from '../ports/lock-store.ts';
import { NO_OBSERVER, type PhaseInfo, type PhaseOutcome, type RuntimeObserver } from '../ports/runtime-observer.ts';
import type { ToolClient } from '../ports/tool-client.ts';
import type { TrackerStore } from '../ports/tracker-store.ts';
import type { CommandGenerator } from '../understanding/command-generator.ts';
import { parsePayload, payloadParseData } from '../understanding/payload/index.ts';
import { InvalidEventsError, toBotMessages, toCoreEvents } from './action-results.ts';
import { checkIncomingMessage, checkJsonLimits, checkSenderId, jsonLimitProblem, STORED_JSON_LIMITS } from './input-limits.ts';
import { expectedSlotValue, presetSlotEvents } from './preset-slots.ts';
import type { AppendOptions, ConversationRuntime, IncomingMessage, MessageSink, ParsedMessage, TurnResult } from './processor-api.ts';
import { InvalidInputError, MessageAlreadyRanError } from './processor-api.ts';
import type { ResponseRephraser } from './rephrase/response-rephraser.ts';
import { replayedTurn } from './replayed-turn.ts';
import { isSessionExpired } from './session-expiry.ts';
import { evaluateToolOutput } from './tool-output-mapping.ts';

export interface TurnProcessorDeps {
  /** The current model; a getter so `PUT /model` can swap it between turns. */
  readonly assistant: () => Assistant;
  readonly generator: () => CommandGenerator;
  readonly trackers: TrackerStore;
  readonly locks: LockStore;
  readonly actions: ActionRunner;
  /** Getters, so a model reload can swap the clients with the model. */
  readonly tools?: () => ToolClient | undefined;
  readonly agents?: () => AgentClient | undefined;
  /** The knowledge base behind `pattern_search` (EnterpriseSearchPolicy). */
  readonly search?: () => KnowledgeSearch | undefined;
  readonly logger: Logger;
  readonly clock?: Clock;
  readonly ids?: IdSource;
  readonly random?: RandomSource;
  /** Longest a turn waits for the conversation's lock (ms). */
  readonly lockWaitMs?: number;
  /** Effects one turn may run before it is stopped (a runaway action loop). */
  readonly maxEffectsPerTurn?: number;
  /**
   * Where a turn with a message id notes, before its first action, tool or agent call, that it ran
   * them; a retry of a turn that failed after that point is refused instead of running them again.
   * Without it only retries of turns that were saved are recognised.
   */
  readonly journal?: KeyValueStore;
  /** Metrics, tracing and event brokers; nothing by default. */
  readonly observer?: RuntimeObserver;
  /** Rewrites bot messages before they are sent (`nlg: {type: rephrase}`); a getter, swapped with the model. */
  readonly rephraser?: () => ResponseRephraser | undefined;
}

/** How long a turn's "actions ran" note outlives a failed save: the window in which a retry is recognised. */
const JOURNAL_TTL_MS = 24 * 60 * 60 * 1000;

/** What a unit of work under the conversation lock returns; `unchanged` skips the save (a replayed turn). */
type LockedWork = Omit<TurnResult, 'senderId'> & { readonly unchanged?: boolean; readonly journaled?: string | undefined };

function userInput(message: IncomingMessage, commands: readonly Command[], parseData?: Readonly<Record<string, unknown>>): UserInput {
  const input: { -readonly [K in keyof UserInput]: UserInput[K] } = { text: message.text, commands, channel: message.channel };
  if (message.metadata) input.metadata = message.metadata;
  if (message.messageId) input.messageId = message.messageId;
  if (parseData) input.parseData = parseData;
  return input;
}

/** A failing channel must not fail the action that streams to it. */
function chunkForwarder(sink: MessageSink, log: Logger): (chunk: TextChunk) => void {
  return (chunk) => {
    try {
      sink.chunk?.(chunk);
    } catch (error) {
      log.warn({ reason: (error as Error).message }, 'streaming a text chunk to the channel failed');
    }
  };
}

/** Did the events from `from` on end the session or restart the conversation? (No copy of the log: this runs every turn.) */
function endedConversation(events: readonly Event[], from: number): boolean {
  for (let i = from; i < events.length; i++) if (events[i]!.event === 'session_ended' || events[i]!.event === 'restart') return true;
  return false;
}

function effectPhase(senderId: string, effect: Exclude<Effect, { type: 'listen' }>): PhaseInfo {
  switch (effect.type) {
    case 'run_action':
      return { phase: 'action', senderId, name: effect.name };
    case 'call_tool':
      return { phase: 'tool', senderId, name: effect.tool };
    case 'call_agent':
      return { phase: 'agent', senderId, name: effect.agentId };
    case 'search':
      return { phase: 'search', senderId, name: 'EnterpriseSearchPolicy' };
  }
}

function effectOutcome(outcome: EffectOutcome): PhaseOutcome {
  if (outcome.type === 'action_failed' || outcome.type === 'tool_failed' || outcome.type === 'search_failed') return 'error';
  if (outcome.type === 'agent_done' && (outcome.output.status === 'fatal_error' || outcome.output.status === 'recoverable_error')) return 'error';
  return 'ok';
}

/**
 * Sends a transition's messages to the sink and records what the sink reports on each message's bot
 * event (the engine emits exactly one bot event per message, in order), before anything is saved.
 */
async function deliver(transition: Transition, sink: MessageSink): Promise<Transition> {
  const bots: number[] = [];
  const { events } = transition.state;
  const first = events.length - transition.events.length;
  for (let i = first; i < events.length; i++) if (events[i]!.event === 'bot') bots.push(i);
  let patched: Event[] | undefined;
  for (const [k, message] of transition.messages.entries()) {
    const at = bots[k];
    const event = at === undefined ? undefined : events[at];
    const delivered = await sink.send(message, event?.metadata);
    if (!delivered?.metadata || at === undefined || !event) continue;
    patched ??= events.slice();
    patched[at] = { ...event, metadata: { ...event.metadata, ...delivered.metadata } };
  }
  if (!patched) return transition;
  return { ...transition, state: { ...transition.state, events: patched } };
}

const systemClock: Clock = { now: () => Date.now() };
/** The sender of the throwaway conversation `parseMessage` understands in. */
const PARSE_SENDER = 'model_parse';

/**
 * Frame ids as Rasa makes them (`uuid4().hex`), from a pool of random bytes: a turn makes several
 * and `randomUUID().replaceAll('-', '')` costs four times as much.
 */
function uuidHexIds(): IdSource {
  const pool = Buffer.allocUnsafe(4096);
  let at = pool.length;
  return {
    next: () => {
      if (at === pool.length) {
        randomFillSync(pool);
        at = 0;
      }
      pool[at + 6] = (pool[at + 6]! & 0x0f) | 0x40; // version 4
      pool[at + 8] = (pool[at + 8]! & 0x3f) | 0x80; // RFC 4122 variant
      at += 16;
      return pool.toString('hex', at - 16, at);
    },
  };
}

export class TurnProcessor implements ConversationRuntime {
  readonly #deps: TurnProcessorDeps;
  readonly #clock: Clock;
  readonly #ids: IdSource;
  readonly #random: RandomSource;
  readonly #observer: RuntimeObserver;

  constructor(deps: TurnProcessorDeps) {
    this.#deps = deps;
    this.#observer = deps.observer ?? NO_OBSERVER;
    this.#clock = deps.clock ?? systemClock;
    this.#ids = deps.ids ?? uuidHexIds();
    this.#random = deps.random ?? Math.random;
  }

  handleMessage(message: IncomingMessage, sink?: MessageSink): Promise<TurnResult> {
    return this.#observer.phase({ phase: 'turn', senderId: message.senderId, channel: message.channel }, () => this.#turn(message, sink));
  }

  async #turn(message: IncomingMessage, sink: MessageSink | undefined): Promise<TurnResult> {
    const payload = this.#checkMessage(message);
    const journalKey = this.#deps.journal ? journalKeyOf(message.senderId, message.messageId) : undefined;
    return this.#withConversation(message.senderId, async (loaded) => {
      const assistant = this.#deps.assistant();
      const ctx = this.#context(message.channel);
      if (loaded && message.messageId !== undefined) {
        const replay = replayedTurn(loaded, message.messageId);
        if (replay) {
          // Streaming channels get the answer again the way they got it the first time.
          for (const bot of replay.messages) await sink?.send(bot);
          return { state: loaded, messages: replay.messages, firstEventIndex: replay.firstEventIndex, unchanged: true };
        }
      }
      if (journalKey && (await this.#deps.journal!.get(journalKey)) !== undefined) throw new MessageAlreadyRanError(message.messageId!);
      let state = loaded ?? newConversation(assistant, message.senderId, ctx);
      const firstEventIndex = state.events.length;
      const messages: BotMessage[] = [];
      // As in Rasa, a paused conversation records what the user wrote (a human agent reads it) but does not answer.
      if (state.paused) return { state: beginTurn(assistant, state, userInput(message, []), ctx).state, messages, firstEventIndex };

      const presets = presetSlotEvents(assistant.domain, message.presetSlots, this.#nowSeconds());
      const journal = journalKey ? this.#journalBeforeFirstEffect(journalKey) : undefined;
      const effects = journal?.note;
      let commandsOfPayload = payload;
      if (state.events.length === 0 || isSessionExpired(state, assistant.domain.session, this.#nowSeconds())) {
        if (state.events.length > 0) await this.#cancelBackgroundTasks(message.senderId);
        state = await this.#drive(assistant, startSession(assistant, state, message.metadata ?? {}, ctx), ctx, messages, sink, effects);
        // A `/session_start` (voice channels send one when a call connects) is that session start: it is recorded, not run twice.
        if (payload?.length === 1 && payload[0]!.command === 'session start') commandsOfPayload = [];
      }
      if (presets.length > 0) state = applyEvents(assistant, state, presets);

      const { commands, parseData } = commandsOfPayload
        ? { commands: commandsOfPayload, parseData: undefined }
        : await this.#observer.phase({ phase: 'understand', senderId: message.senderId, channel: message.channel }, () => this.#understand(assistant, state, message));
      state = await this.#drive(assistant, beginTurn(assistant, state, userInput(message, commands, parseData), ctx), ctx, messages, sink, effects);
      if (endedConversation(state.events, firstEventIndex)) await this.#cancelBackgroundTasks(message.senderId);
      return { state, messages, firstEventIndex, ...(journal?.noted() ? { journaled: journalKey } : {}) };
    });
  }

  /**
   * Refuses, before anything runs, input whose storing could fail later: a bad sender id, oversized
   * or deeply nested metadata or slot values. Returns the commands of a `/intent` or `/SetSlots` payload.
   */
  #checkMessage(message: IncomingMessage): readonly Command[] | undefined {
    checkIncomingMessage(message);
    if (message.commands) return message.commands;
    const payload = message.text === null ? undefined : parsePayload(message.text, this.#deps.assistant());
    if (payload) checkJsonLimits(payload, 'payload', STORED_JSON_LIMITS);
    return payload;
  }

  /** Notes in the journal, once per turn and before the first effect, that this message ran effects. */
  #journalBeforeFirstEffect(key: string): { note: () => Promise<void>; noted: () => boolean } {
    let noted = false;
    return {
      note: async () => {
        if (noted) return;
        await this.#deps.journal!.set(key, 'effects_ran', JOURNAL_TTL_MS);
        noted = true;
      },
      noted: () => noted,
    };
  }

  /** Remote agent work of a conversation that ended must not go on (A2A tasks, polling). */
  async #cancelBackgroundTasks(senderId: string): Promise<void> {
    try {
      await this.#deps.agents?.()?.cancelBackgroundTasks?.(senderId);
    } catch (error) {
      this.#deps.logger.warn({ senderId, reason: (error as Error).message }, 'cancelling background agent tasks failed');
    }
  }

  triggerIntent(senderId: string, intent: string, entities: Readonly<Record<string, unknown>>, channel: string): Promise<TurnResult> {
    const payload = Object.keys(entities).length > 0 ? `/${intent}${JSON.stringify(entities)}` : `/${intent}`;
    return this.handleMessage({ senderId, text: payload, channel });
  }

  async parseMessage(text: string): Promise<ParsedMessage> {
    const assistant = this.#deps.assistant();
    const state = newConversation(assistant, PARSE_SENDER, this.#context(undefined));
    const payload = parsePayload(text, assistant);
    if (payload) return { text, commands: payload, parseData: payloadParseData(text) ?? {} };
    const { commands, parseData } = await this.#deps.generator().predict({ assistant, state, text });
    return { text, commands, parseData: parseData ?? {} };
  }

  async executeAction(senderId: string, name: string, channel: string): Promise<TurnResult> {
    checkSenderId(senderId);
    return this.#withConversation(senderId, async (loaded) => {
      const assistant = this.#deps.assistant();
      const state = loaded ?? newConversation(assistant, senderId, this.#context(channel));
      const log = this.#deps.logger.child({ senderId });
      let outcome: { readonly events: readonly Event[]; readonly messages: readonly BotMessage[] };
      if (name === 'action_listen') outcome = { events: [], messages: [] };
      else if (name in assistant.domain.responses) {
        outcome = { events: [], messages: toBotMessages([{ response: name }], assistant.domain, { slots: state.slots, context: responseContext(state.stack), random: this.#random, channel }) };
      } else if (this.#deps.actions.has(name)) {
        const result = await this.#runAction(assistant, state, name, log, undefined);
        if (result.type !== 'action_done') throw new Error(`action '${name}' failed: ${result.type === 'action_failed' ? result.error : result.type}`);
        outcome = result;
      } else {
        throw new InvalidInputError(`The action '${name}' cannot be executed: it is not a custom action, a response or action_listen.`, { action: name });
      }
      const now = this.#nowSeconds();
      const events: Event[] = [
        { event: 'action', name, timestamp: now },
        ...outcome.events,
        ...outcome.messages.map((message): Event => ({ ...botEventOf(message), timestamp: now })),
      ];
      return { state: applyEvents(assistant, state, events), messages: outcome.messages, firstEventIndex: state.events.length };
    });
  }

  async getState(senderId: string): Promise<ConversationState | undefined> {
    checkSenderId(senderId);
    return this.#deps.trackers.load(senderId);
  }

  async appendEvents(senderId: string, events: readonly Readonly<Record<string, unknown>>[], options: AppendOptions = {}): Promise<ConversationState> {
    checkSenderId(senderId);
    checkJsonLimits(events, 'events', STORED_JSON_LIMITS);
    if (options.replace) await this.#cancelBackgroundTasks(senderId);
    const result = await this.#withConversation(senderId, async (loaded) => {
      const assistant = this.#deps.assistant();
      const kept = options.replace ? undefined : loaded;
      const state = kept ?? newConversation(assistant, senderId, this.#context(undefined));
      let coreEvents;
      try {
        coreEvents = toCoreEvents(events, assistant.domain, this.#nowSeconds());
      } catch (error) {
        if (error instanceof InvalidEventsError) throw new InvalidInputError(error.message);
        throw error;
      }
      checkSlotValues(coreEvents, assistant.domain);
      return { state: applyEvents(assistant, state, coreEvents), messages: [], firstEventIndex: state.events.length };
    });
    return result.state;
  }

  async deleteConversation(senderId: string): Promise<void> {
    checkSenderId(senderId);
    await this.#cancelBackgroundTasks(senderId);
    await this.#deps.trackers.delete(senderId);
  }

  listConversations(): Promise<string[]> {
    return this.#deps.trackers.keys();
  }

  /**
   * Runs `work` holding the conversation's lock and saves the state it returns before releasing;
   * once saved, the turn's journal entry has served its purpose.
   */
  async #withConversation(senderId: string, work: (loaded: ConversationState | undefined) => Promise<LockedWork>): Promise<TurnResult> {
    const lock = await this.#deps.locks.acquire(senderId, { waitMs: this.#deps.lockWaitMs ?? 60_000 });
    try {
      const done = await work(await this.#deps.trackers.load(senderId));
      // Named fields, not rest and spread: this runs for every turn and API write.
      const result: TurnResult = { state: done.state, messages: done.messages, firstEventIndex: done.firstEventIndex, senderId };
      if (done.unchanged) return result;
      await this.#deps.trackers.save(result.state);
      this.#observer.saved(result.state, result.firstEventIndex);
      if (done.journaled) await this.#forget(done.journaled);
      return result;
    } finally {
      await lock.release();
    }
  }

  /** A journal entry left behind only makes a later retry answer 409 instead of replaying: not worth failing the saved turn. */
  async #forget(journalKey: string): Promise<void> {
    try {
      await this.#deps.journal!.delete(journalKey);
    } catch (error) {
      this.#deps.logger.warn({ reason: (error as Error).message }, 'removing a turn journal entry failed');
    }
  }

  async #understand(assistant: Assistant, state: ConversationState, message: IncomingMessage): Promise<{ commands: readonly Command[]; parseData?: Readonly<Record<string, unknown>> }> {
    if (message.text === null) return { commands: [] };
    return this.#deps.generator().predict({ assistant, state, text: message.text, ...(message.metadata ? { metadata: message.metadata } : {}) });
  }

  /** Performs effects until the engine listens; streams messages to the sink as they appear. */
  async #drive(
    assistant: Assistant,
    first: Transition,
    ctx: EngineContext,
    messages: BotMessage[],
    sink: MessageSink | undefined,
    beforeEffect?: () => Promise<void>,
  ): Promise<ConversationState> {
    const limit = this.#deps.maxEffectsPerTurn ?? 50;
    let transition = first;
    const rephraser = this.#deps.rephraser?.();
    for (let effects = 0; ; effects++) {
      if (rephraser && transition.messages.length > 0) transition = await rephraser.rephrase(transition);
      if (sink) transition = await deliver(transition, sink);
      messages.push(...transition.messages);
      if (transition.effect.type === 'listen') return transition.state;
      if (effects >= limit) {
        this.#deps.logger.error({ senderId: transition.state.sender_id, limit }, 'turn stopped: too many effects in one turn');
        return transition.state;
      }
      await beforeEffect?.();
      const { state, effect } = transition;
      const outcome = await this.#observer.phase(effectPhase(state.sender_id, effect), () => this.#perform(assistant, state, effect, sink), effectOutcome);
      transition = resume(assistant, transition.state, outcome, ctx);
    }
  }

  async #perform(assistant: Assistant, state: ConversationState, effect: Exclude<Effect, { type: 'listen' }>, sink: MessageSink | undefined): Promise<EffectOutcome> {
    const log = this.#deps.logger.child({ senderId: state.sender_id });
    switch (effect.type) {
      case 'run_action':
        return this.#runAction(assistant, state, effect.name, log, sink);
      case 'call_tool': {
        const started = performance.now();
        const tools = this.#deps.tools?.();
        if (!tools) return { type: 'tool_failed', tool: effect.tool, error: 'no MCP servers are configured' };
        try {
          const { result } = await tools.callTool(effect.mcpServer, effect.tool, effect.arguments, { slots: state.slots });
          if (result.isError === true) throw new Error(`tool returned isError: ${JSON.stringify(result.content ?? null).slice(0, 300)}`);
          const slots = evaluateToolOutput(effect.mapping, result);
          return { type: 'tool_done', tool: effect.tool, slots };
        } catch (error) {
          log.warn({ tool: effect.tool, server: effect.mcpServer, ms: Math.round(performance.now() - started), reason: (error as Error).message }, 'tool step failed');
          return { type: 'tool_failed', tool: effect.tool, error: (error as Error).message };
        }
      }
      case 'call_agent': {
        const agents = this.#deps.agents?.();
        if (!agents?.has(effect.agentId)) {
          return { type: 'agent_done', agentId: effect.agentId, output: { id: effect.input.id, status: 'fatal_error', error_message: `sub-agent '${effect.agentId}' is not available` } };
        }
        const frame = [...state.stack].reverse().find((f) => f.type === 'agent' && f.agent_id === effect.agentId);
        const output = await agents.run(effect.agentId, effect.input, {
          senderId: state.sender_id,
          exitIf: effect.exitIf,
          frameMetadata: frame?.type === 'agent' ? frame.metadata : {},
          ...(sink ? { onInterim: (m: BotMessage) => void sink.send(m) } : {}),
        });
        return { type: 'agent_done', agentId: effect.agentId, output };
      }
      case 'search':
        return this.#search(assistant, state, log);
    }
  }

  async #search(assistant: Assistant, state: ConversationState, log: Logger): Promise<EffectOutcome> {
    const search = this.#deps.search?.();
    if (!search) return { type: 'search_failed', error: 'no knowledge base is configured' };
    const started = performance.now();
    try {
      const answer = await search.answer({ state, domain: assistant.domain });
      log.info({ outcome: answer.kind, ms: Math.round(performance.now() - started) }, 'knowledge search');
      switch (answer.kind) {
        case 'answer':
          return { type: 'search_answered', text: answer.text, metadata: { search_results: answer.searchResults, search_query: answer.searchQuery } };
        case 'no_results':
          return { type: 'search_no_answer' };
        case 'not_relevant':
          return { type: 'search_no_answer', reason: 'cannot_handle_no_relevant_answer' };
      }
    } catch (error) {
      log.warn({ ms: Math.round(performance.now() - started), reason: (error as Error).message }, 'knowledge search failed');
      return { type: 'search_failed', error: (error as Error).message };
    }
  }

  async #runAction(assistant: Assistant, state: ConversationState, name: string, log: Logger, sink: MessageSink | undefined): Promise<EffectOutcome> {
    const started = performance.now();
    if (!this.#deps.actions.has(name)) {
      log.warn({ action: name }, 'custom action is not available (no action server or module defines it)');
      return { type: 'action_failed', name, error: `action '${name}' is not available` };
    }
    try {
      const result = await this.#deps.actions.run({ name, state, domain: assistant.domain, ...(sink?.chunk ? { onChunk: chunkForwarder(sink, log) } : {}) });
      const now = this.#nowSeconds();
      const events = toCoreEvents(result.events, assistant.domain, now);
      const unstorable = jsonLimitProblem(events, STORED_JSON_LIMITS);
      if (unstorable) throw new Error(`the action's events cannot be stored: the value ${unstorable}`);
      // Rasa renders an action's responses on the tracker as it was before the action's events.
      const messages = toBotMessages(result.responses, assistant.domain, {
        slots: state.slots,
        context: responseContext(state.stack),
        random: this.#random,
        ...(state.latest_input_channel ? { channel: state.latest_input_channel } : {}),
      });
      log.info({ action: name, ms: Math.round(performance.now() - started), outcome: 'ok' }, 'custom action');
      return { type: 'action_done', name, events, messages };
    } catch (error) {
      log.warn({ action: name, ms: Math.round(performance.now() - started), outcome: 'error', reason: (error as Error).message }, 'custom action failed');
      return { type: 'action_failed', name, error: (error as Error).message };
    }
  }

  #context(channel: string | undefined): EngineContext {
    return { clock: this.#clock, ids: this.#ids, random: this.#random, ...(channel ? { channel } : {}) };
  }

  #nowSeconds(): number {
    return this.#clock.now() / 1000;
  }
}

function journalKeyOf(senderId: string, messageId: string | undefined): string | undefined {
  return messageId === undefined ? undefined : `turn:${encodeURIComponent(senderId)}:${encodeURIComponent(messageId)}`;
}

/** Slot values a client appends must fit their slots, as preset slots must (no `"NaN"` in a float slot, nothing below its `min_value`). */
function checkSlotValues(events: readonly Event[], domain: Domain): void {
  const problems: string[] = [];
  for (const [index, e] of events.entries()) {
    if (e.event !== 'slot') continue;
    const slot = domain.slots[e.name];
    const expected = slot && expectedSlotValue(slot, e.value);
    if (expected) problems.push(`event ${index} sets slot '${e.name}' (${slot.type}) to ${JSON.stringify(e.value)}, but it expects ${expected}`);
  }
  if (problems.length > 0) throw new InvalidInputError(`Invalid slot values: ${problems.join('; ')}.`, { problems });
}
