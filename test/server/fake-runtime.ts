/**
 * A small echoing `ConversationRuntime` for server tests; the lead's integration tests use the real one.
 * Texts steer it: `buttons`, `image`, `paragraphs`, `custom`, `three`, and unless `controlWords` is
 * false: `wait` (until `release()`), `fail` (throws), `invalid` (rejects the input).
 */
import type { Assistant } from '../../src/core/assistant.ts';
import type { BotMessage, Event } from '../../src/core/events.ts';
import { emptyConversationState, type ConversationState } from '../../src/core/state.ts';
import { InvalidInputError, type ConversationRuntime, type IncomingMessage, type MessageSink, type TurnResult } from '../../src/runtime/processor-api.ts';

export interface FakeRuntime extends ConversationRuntime {
  readonly states: Map<string, ConversationState>;
  /** Resolves every turn waiting on `wait`. */
  release(): void;
  /** How many `wait` turns are parked. */
  readonly waiting: number;
}

/** History cap, as real stores compact: keeps long fuzz runs linear. */
const MAX_EVENTS = 100;
const KNOWN_EVENTS = new Set(['user', 'bot', 'action', 'slot', 'restart', 'session_started', 'undo', 'rewind', 'pause', 'resume']);

export function fakeRuntime(options: { controlWords?: boolean } = {}): FakeRuntime {
  const controlWords = options.controlWords ?? true;
  const states = new Map<string, ConversationState>();
  let gate = newGate();
  let waiting = 0;
  const ts = () => Date.now() / 1000;

  function stateOf(senderId: string): ConversationState {
    return states.get(senderId) ?? emptyConversationState(senderId, { name: null });
  }

  function repliesTo(text: string): BotMessage[] {
    switch (text) {
      case 'buttons':
        return [{ text: 'Pick one', buttons: [{ title: 'Yes', payload: '/affirm' }, { title: 'No', payload: '/deny' }] }];
      case 'image':
        return [{ text: 'Look', image: 'https://example.com/cat.png' }];
      case 'paragraphs':
        return [{ text: 'first\n\nsecond' }];
      case 'custom':
        return [{ custom: { kind: 'card', title: 'T' } }];
      case 'three':
        return [{ text: 'one' }, { text: 'two' }, { text: 'three' }];
      default:
        return [{ text: `echo: ${text}` }];
    }
  }

  // Like the real runtime's lock: turns of one conversation run one after another.
  const queues = new Map<string, Promise<unknown>>();
  function turn(senderId: string, text: string, channel: string, userEvent: Event, sink?: MessageSink): Promise<TurnResult> {
    const result = (queues.get(senderId) ?? Promise.resolve()).catch(() => undefined).then(() => runTurn(senderId, text, channel, userEvent, sink));
    queues.set(senderId, result);
    return result;
  }

  async function runTurn(senderId: string, text: string, channel: string, userEvent: Event, sink?: MessageSink): Promise<TurnResult> {
    if (controlWords && text === 'fail') throw new Error('boom');
    if (controlWords && text === 'invalid') throw new InvalidInputError('The input is invalid.', { field: 'text' });
    if (controlWords && text === 'wait') {
      waiting += 1;
      await gate.promise;
      waiting -= 1;
    }
    const before = stateOf(senderId);
    const messages = repliesTo(text);
    const events: Event[] = [userEvent];
    for (const message of messages) {
      if (sink) {
        await sink.send(message);
        // Spaces streamed messages out, so tests can see them arrive one by one.
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
      events.push({ event: 'bot', timestamp: ts(), text: message.text ?? null, data: {} });
    }
    events.push({ event: 'action', timestamp: ts(), name: 'action_listen' });
    const state: ConversationState = {
      ...before,
      events: [...before.events, ...events].slice(-MAX_EVENTS),
      latest_event_time: ts(),
      latest_action_name: 'action_listen',
      latest_input_channel: channel,
    };
    states.set(senderId, state);
    return { senderId, messages, state, firstEventIndex: before.events.length };
  }

  return {
    states,
    release() {
      gate.open();
      gate = newGate();
    },
    get waiting() {
      return waiting;
    },
    handleMessage(message: IncomingMessage, sink?: MessageSink) {
      const text = message.text ?? '';
      return turn(message.senderId, text, message.channel, {
        event: 'user',
        timestamp: ts(),
        text,
        parse_data: { text, commands: [] },
        input_channel: message.channel,
        ...(message.metadata ? { metadata: message.metadata } : {}),
      }, sink);
    },
    triggerIntent(senderId, intent, entities, channel) {
      const text = `/${intent}${JSON.stringify(entities)}`;
      return turn(senderId, text, channel, {
        event: 'user',
        timestamp: ts(),
        text,
        parse_data: { text, intent: { name: intent, confidence: 1 }, commands: [{ command: 'start flow', flow: intent }] },
        input_channel: channel,
      });
    },
    async getState(senderId) {
      return states.get(senderId);
    },
    async appendEvents(senderId, events, options) {
      for (const event of events) {
        if (!KNOWN_EVENTS.has(String(event.event))) throw new InvalidInputError(`Unknown event type '${String(event.event)}'.`);
      }
      const before = options?.replace ? emptyConversationState(senderId, { name: null }) : stateOf(senderId);
      const slots = { ...before.slots };
      for (const event of events) if (event.event === 'slot') slots[String(event.name)] = event.value;
      const state = { ...before, slots, events: [...before.events, ...(events as unknown as Event[])].slice(-MAX_EVENTS) };
      states.set(senderId, state);
      return state;
    },
    async deleteConversation(senderId) {
      states.delete(senderId);
    },
    async listConversations() {
      return [...states.keys()];
    },
    async parseMessage(text) {
      return { text, commands: [], parseData: {} };
    },
    async executeAction(senderId, name) {
      const before = stateOf(senderId);
      const state = { ...before, events: [...before.events, { event: 'action', name, timestamp: ts() } as Event], latest_action_name: name };
      states.set(senderId, state);
      return { senderId, messages: [], state, firstEventIndex: before.events.length };
    },
  };
}

function newGate(): { promise: Promise<void>; open(): void } {
  let open = () => {};
  const promise = new Promise<void>((resolve) => (open = resolve));
  return { promise, open };
}

export function testAssistant(overrides: Partial<Assistant> = {}): Assistant {
  return {
    root: '/tmp/test-assistant',
    config: { recipe: 'default.v1', language: 'en', additionalLanguages: [], assistantId: 'test', pipeline: [], policies: [] },
    domain: {
      slots: { name: { name: 'name', type: 'text', initialValue: null, mappings: [{ type: 'from_llm' }] } },
      responses: { utter_greet: [{ text: 'Hello {name}!' }], utter_ask_name: [{ text: 'Your name?', buttons: [{ title: 'Ann', payload: '/SetSlots(name=Ann)' }] }] },
      actions: { action_check: { name: 'action_check' }, action_domain: { name: 'action_domain', sendDomain: true }, action_listen: { name: 'action_listen' } },
      intents: ['greet'],
      entities: [],
      session: { sessionExpirationTime: 60, carryOverSlotsToNewSession: true, startSessionAfterExpiry: false },
    },
    flows: {
      greet: {
        id: 'greet',
        name: 'greet',
        description: 'Greets the user',
        steps: [
          { kind: 'collect', id: 'ask_name', next: 'say_hi', collect: 'name', utter: 'utter_ask_name', askBeforeFilling: false, resetAfterFlowEnds: true, rejections: [], forceSlotFilling: false },
          { kind: 'action', id: 'say_hi', next: 'END', action: 'utter_greet' },
        ],
        nluTriggers: [],
        alwaysIncludeInPrompt: false,
        persistedSlots: [],
        runPatternCompleted: true,
        fingerprint: 'f1',
      },
    },
    nlu: [],
    synonyms: [],
    endpoints: { modelGroups: [], mcpServers: [], interactionHandling: { globalSilenceTimeout: 7 }, other: {} },
    channels: [],
    subAgents: {},
    fingerprint: 'model-123',
    ...overrides,
  };
}
