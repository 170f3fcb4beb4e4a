import { pino } from 'pino';
import { describe, expect, it } from 'vitest';
import { createActionRunner } from '../adapters/actions/create-action-runner.ts';
import { MemoryLockStore } from '../adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../adapters/stores/memory-tracker-store.ts';
import type { AgentInput } from '../core/agent-io.ts';
import type { Assistant } from '../core/assistant.ts';
import { fixedClock, sequentialIds } from '../core/clock.ts';
import type { BotMessage } from '../core/events.ts';
import { ActionRejectedError, type ActionResult, type ActionRunner } from '../ports/action-runner.ts';
import type { AgentClient } from '../ports/agent-client.ts';
import type { ToolClient } from '../ports/tool-client.ts';
import { loadProject } from '../project/index.ts';
import type { CommandGenerator } from '../understanding/command-generator.ts';
import { createPipeline } from '../understanding/pipeline.ts';
import { assistantFromYaml } from '../../test/engine/project-fixture.ts';
import { SCRIPT } from '../../test/serving/scripted-conversation.ts';
import { InvalidInputError } from './processor-api.ts';
import { TurnProcessor, type TurnProcessorDeps } from './turn-processor.ts';

const NO_ACTIONS: ActionRunner = { has: () => false, run: () => Promise.reject(new Error('no actions')) };
const ANYTHING_ELSE = 'Is there anything else you need?';
const INTERNAL_ERROR = 'Sorry, something went wrong on my side. Please try again in a little while.';

function offlineGenerator(assistant: Assistant): CommandGenerator {
  return createPipeline(assistant, { llmClientFor: () => { throw new Error('no LLM in these tests'); } });
}

function processorFor(assistant: Assistant, deps: Partial<TurnProcessorDeps> = {}): TurnProcessor & { trackers: MemoryTrackerStore } {
  // Every event is kept: the default (200) drops the oldest events of a 10-turn conversation.
  const trackers = new MemoryTrackerStore();
  const generator = offlineGenerator(assistant);
  const processor = new TurnProcessor({
    assistant: () => assistant,
    generator: () => generator,
    trackers,
    locks: new MemoryLockStore(),
    actions: NO_ACTIONS,
    logger: pino({ level: 'silent' }),
    clock: fixedClock(),
    ids: sequentialIds(),
    random: () => 0,
    ...deps,
  });
  return Object.assign(processor, { trackers });
}

const texts = (messages: readonly BotMessage[]) => messages.map((m) => m.text);

/** Flows started by `/intent` payloads: a custom action, an MCP tool and a sub-agent. */
const fixture = assistantFromYaml({
  domain: `version: "3.1"
intents: [greet_custom, fetch_order, book_trip]
actions: [action_greet]
session_config:
  session_expiration_time: 1
  carry_over_slots_to_new_session: true
slots:
  name: {type: text}
  vip: {type: bool}
  tier: {type: categorical, values: [gold, silver]}
  order_id: {type: text}
  order_status: {type: text}
  booking_ref: {type: text}
responses:
  utter_hello:
    - text: "Hello {name}!"
  utter_order_status:
    - text: "Order {order_id} is {order_status}."
  utter_booked:
    - text: "Booked {booking_ref}."
`,
  flows: `flows:
  greet_custom:
    description: greet with a custom action
    nlu_trigger: [intent: greet_custom]
    steps:
      - action: action_greet
  fetch_order:
    description: look up an order with a tool
    nlu_trigger: [intent: fetch_order]
    steps:
      - call: lookup_order
        mcp_server: orders
        mapping:
          input:
            - param: id
              slot: order_id
          output:
            - slot: order_status
              value: result.structuredContent.status
      - action: utter_order_status
  book_trip:
    description: book a trip with an agent
    nlu_trigger: [intent: book_trip]
    steps:
      - call: trip_agent
      - action: utter_booked
`,
  mcpServers: ['orders'],
  subAgents: ['trip_agent'],
});

function actionRunner(run: () => Promise<ActionResult>): ActionRunner & { calls: string[] } {
  const calls: string[] = [];
  return { calls, has: (name) => name === 'action_greet', run: (call) => (calls.push(call.name), run()) };
}

describe('TurnProcessor with the starter assistant and the offline generator', () => {
  it('holds a 10-turn conversation and keeps it in the tracker store', async () => {
    const { assistant } = await loadProject('examples/starter');
    const processor = processorFor(assistant!, { actions: await createActionRunner(assistant!) });
    for (const turn of SCRIPT) {
      const result = await processor.handleMessage({ senderId: 'u1', text: turn.message, channel: 'rest' });
      expect(texts(result.messages)).toEqual(turn.replies);
    }
    const saved = await processor.trackers.load('u1');
    expect(saved!.events.filter((e) => e.event === 'user').map((e) => e.event === 'user' && e.text)).toEqual(SCRIPT.map((t) => t.message));
    expect(saved!.slots.recipient).toBe('Carol');
  });

  it('serializes concurrent messages to one conversation through the lock', async () => {
    const { assistant } = await loadProject('examples/starter');
    const real = offlineGenerator(assistant!);
    let active = 0;
    let most = 0;
    const slow: CommandGenerator = {
      async predict(input) {
        most = Math.max(most, ++active);
        await new Promise((resolve) => setTimeout(resolve, 10));
        active--;
        return real.predict(input);
      },
    };
    const processor = processorFor(assistant!, { generator: () => slow });
    const messages = ['hello', 'send money to Alice', '50', 'hi there', 'ok'];
    await Promise.all(messages.map((text) => processor.handleMessage({ senderId: 'c', text, channel: 'rest' })));
    expect(most).toBe(1);
    const saved = await processor.trackers.load('c');
    expect(saved!.events.filter((e) => e.event === 'user').map((e) => e.event === 'user' && e.text)).toEqual(messages);
  });
});

describe('TurnProcessor effects', () => {
  it('applies the events and responses a custom action returns, streaming messages in order to the sink', async () => {
    const actions = actionRunner(async () => ({
      events: [{ event: 'slot', name: 'vip', value: true }, { event: 'slot', name: 'name', value: 'Ann' }],
      // `name` is a template variable: responses render on the slots from before the action's events (Rasa).
      responses: [{ text: 'one' }, { response: 'utter_hello', name: 'Ann' }, { text: 'three', buttons: [{ title: 'Go', payload: '/go' }] }],
    }));
    const processor = processorFor(fixture, { actions });
    const sent: BotMessage[] = [];
    const result = await processor.handleMessage({ senderId: 'a', text: '/greet_custom', channel: 'rest' }, { send: (m) => void sent.push(m) });
    expect(actions.calls).toEqual(['action_greet']);
    expect(texts(result.messages)).toEqual(['one', 'Hello Ann!', 'three', ANYTHING_ELSE]);
    expect(sent).toEqual(result.messages);
    expect(result.messages[2]!.buttons).toEqual([{ title: 'Go', payload: '/go' }]);
    expect(result.state.slots).toMatchObject({ vip: true, name: 'Ann' });
  });

  it('records what the sink reports delivering each message on that message\'s bot event, before the turn is saved', async () => {
    const actions = actionRunner(async () => ({ events: [], responses: [{ text: 'one' }, { text: 'two' }] }));
    const processor = processorFor(fixture, { actions });
    const seen: (Readonly<Record<string, unknown>> | undefined)[] = [];
    const result = await processor.handleMessage(
      { senderId: 'delivered', text: '/greet_custom', channel: 'browser_audio' },
      {
        send: (message, eventMetadata) => {
          seen.push(eventMetadata);
          return message.text === 'two' ? undefined : { metadata: { latency: { tts_first_byte_latency_ms: message.text!.length } } };
        },
      },
    );
    // Each message comes with its bot event's metadata; the collect question's names its flow.
    expect(seen).toHaveLength(3);
    expect(seen.every((m) => m !== undefined)).toBe(true);
    expect(seen[2]).toMatchObject({ active_flow: 'pattern_collect_information' });
    const saved = await processor.trackers.load('delivered');
    const bots = saved!.events.filter((e) => e.event === 'bot');
    expect(bots.map((b) => [b.text, b.metadata?.['latency']])).toEqual([
      ['one', { tts_first_byte_latency_ms: 3 }],
      ['two', undefined],
      [ANYTHING_ELSE, { tts_first_byte_latency_ms: ANYTHING_ELSE.length }],
    ]);
    expect(result.state.events).toEqual(saved!.events);
  });

  it.each([
    ['fails', () => Promise.reject(new Error('boom'))],
    ['is rejected by the action server', () => Promise.reject(new ActionRejectedError('action_greet', 'bad request'))],
    ['returns an event for an unknown slot', () => Promise.resolve({ events: [{ event: 'slot', name: 'nope', value: 1 }], responses: [] })],
    ['returns an unsupported event', () => Promise.resolve({ events: [{ event: 'teleport' }], responses: [] })],
  ])('runs pattern_internal_error when a custom action %s', async (_case, run) => {
    const processor = processorFor(fixture, { actions: actionRunner(run as () => Promise<ActionResult>) });
    const result = await processor.handleMessage({ senderId: 'a', text: '/greet_custom', channel: 'rest' });
    expect(texts(result.messages)).toContain(INTERNAL_ERROR);
    expect(result.state.slots.vip).toBeNull();
  });

  it('calls MCP tools with the input mapping and sets slots from the output mapping', async () => {
    const calls: unknown[] = [];
    const tools: ToolClient = {
      callTool: async (server, tool, args) => (calls.push({ server, tool, args }), { result: { content: [], structuredContent: { status: 'shipped' } } }),
      close: async () => undefined,
    };
    const processor = processorFor(fixture, { tools: () => tools });
    const result = await processor.handleMessage({ senderId: 't', text: '/fetch_order', channel: 'rest', presetSlots: { order_id: 'A42' } });
    expect(calls).toEqual([{ server: 'orders', tool: 'lookup_order', args: { id: 'A42' } }]);
    expect(texts(result.messages)).toEqual(['Order A42 is shipped.', ANYTHING_ELSE]);
  });

  it('turns a failing tool into pattern_internal_error', async () => {
    const tools: ToolClient = { callTool: () => Promise.reject(new Error('server down')), close: async () => undefined };
    const result = await processorFor(fixture, { tools: () => tools }).handleMessage({ senderId: 't', text: '/fetch_order', channel: 'rest' });
    expect(texts(result.messages)).toContain(INTERNAL_ERROR);
  });

  it('hands the conversation to a sub-agent and continues the flow when it completes', async () => {
    const inputs: AgentInput[] = [];
    const agents: AgentClient = {
      has: (id) => id === 'trip_agent',
      run: async (_id, input) => (inputs.push(input), { id: input.id, status: 'completed', slots: { booking_ref: 'BR7' } }),
      close: async () => undefined,
    };
    const result = await processorFor(fixture, { agents: () => agents }).handleMessage({ senderId: 'g', text: '/book_trip', channel: 'rest' });
    expect(inputs).toHaveLength(1);
    expect(texts(result.messages)).toEqual(['Booked BR7.', ANYTHING_ELSE]);
  });
});

describe('TurnProcessor input checks and sessions', () => {
  it('applies valid preset slots before understanding, matching categorical values case-insensitively', async () => {
    const result = await processorFor(fixture).handleMessage({ senderId: 'p', text: 'hello', channel: 'a2a', presetSlots: { tier: 'GOLD', vip: true, name: null } });
    expect(result.state.slots).toMatchObject({ tier: 'gold', vip: true, name: null });
  });

  it.each([
    ['an unknown slot', { nope: 1 }],
    ['a value of the wrong type', { vip: 'yes', order_id: 'ok' }],
    ['a categorical value that is not allowed', { tier: 'bronze' }],
  ])('rejects preset slots with %s and stores nothing', async (_case, presetSlots) => {
    const processor = processorFor(fixture);
    await expect(processor.handleMessage({ senderId: 'p', text: 'hello', channel: 'a2a', presetSlots })).rejects.toBeInstanceOf(InvalidInputError);
    expect(await processor.getState('p')).toBeUndefined();
    await processor.handleMessage({ senderId: 'p', text: 'hello', channel: 'a2a' });
    await expect(processor.handleMessage({ senderId: 'p', text: 'again', channel: 'a2a', presetSlots })).rejects.toBeInstanceOf(InvalidInputError);
    expect((await processor.getState('p'))!.events.filter((e) => e.event === 'user')).toHaveLength(1);
  });

  it('starts a new session after session_expiration_time, carrying slots over', async () => {
    const clock = fixedClock();
    const processor = processorFor(fixture, { clock });
    await processor.handleMessage({ senderId: 's', text: 'hello', channel: 'rest', presetSlots: { name: 'Ann' } });
    clock.advance(59_000);
    await processor.handleMessage({ senderId: 's', text: 'still here', channel: 'rest' });
    const sessions = async () => (await processor.getState('s'))!.events.filter((e) => e.event === 'session_started').length;
    expect(await sessions()).toBe(1);
    clock.advance(61_000);
    const result = await processor.handleMessage({ senderId: 's', text: 'back again', channel: 'rest' });
    expect(await sessions()).toBe(2);
    expect(result.state.slots.name).toBe('Ann');
  });

  it('a /session_start that opens the conversation starts one session: an overridden greeting is said once', async () => {
    const greeting = assistantFromYaml({
      domain: 'version: "3.1"\nresponses:\n  utter_greet:\n    - text: Hello, this is the bank.\n',
      flows: 'flows:\n  pattern_session_start:\n    description: greet\n    nlu_trigger:\n      - intent: session_start\n    steps:\n      - action: action_session_start\n      - action: utter_greet\n',
    });
    const processor = processorFor(greeting);
    const first = await processor.handleMessage({ senderId: 'call', text: '/session_start', channel: 'browser_audio' });
    expect(texts(first.messages)).toEqual(['Hello, this is the bank.']);
    expect(first.state.events.filter((e) => e.event === 'session_started')).toHaveLength(1);
    expect(first.state.events.filter((e) => e.event === 'user').map((e) => e.event === 'user' && e.text)).toEqual(['/session_start']);
    // Later in the conversation it is a new session, as in Rasa.
    const again = await processor.handleMessage({ senderId: 'call', text: '/session_start', channel: 'browser_audio' });
    expect(texts(again.messages)).toEqual(['Hello, this is the bank.']);
    expect(again.state.events.filter((e) => e.event === 'session_started')).toHaveLength(2);
  });

  it('records but does not answer messages while the conversation is paused', async () => {
    const actions = actionRunner(async () => ({ events: [], responses: [{ text: 'hi' }] }));
    const processor = processorFor(fixture, { actions });
    await processor.appendEvents('h', [{ event: 'pause' }]);
    const paused = await processor.handleMessage({ senderId: 'h', text: '/greet_custom', channel: 'rest' });
    expect(paused.messages).toEqual([]);
    expect(actions.calls).toEqual([]);
    expect(paused.state.events.at(-1)).toMatchObject({ event: 'user', text: '/greet_custom' });
    await processor.appendEvents('h', [{ event: 'resume' }]);
    expect(texts((await processor.handleMessage({ senderId: 'h', text: '/greet_custom', channel: 'rest' })).messages)).toEqual(['hi', ANYTHING_ELSE]);
  });

  it('appends valid Rasa events and rejects invalid ones with InvalidInputError, applying none', async () => {
    const processor = processorFor(fixture);
    const state = await processor.appendEvents('e', [{ event: 'slot', name: 'name', value: 'Bo' }, { event: 'bot', text: 'hey' }]);
    expect(state.slots.name).toBe('Bo');
    const before = (await processor.getState('e'))!.events.length;
    for (const bad of [[{ event: 'slot', name: 'name', value: 'X' }, { event: 'slot', name: 'unknown', value: 1 }], [{ event: 'nope' }], [{ event: 'slot' }], ['text']]) {
      await expect(processor.appendEvents('e', bad as Record<string, unknown>[])).rejects.toBeInstanceOf(InvalidInputError);
    }
    const after = (await processor.getState('e'))!;
    expect(after.events).toHaveLength(before);
    expect(after.slots.name).toBe('Bo');
  });
});

describe('knowledge search', () => {
  const searching = assistantFromYaml({
    domain: 'version: "3.1"\n',
    flows: 'flows:\n  pattern_search:\n    description: answer from documents\n    steps:\n      - action: action_trigger_search\n',
    policies: ['FlowPolicy', 'EnterpriseSearchPolicy'],
  });

  it('asks the search port with the conversation and sends its answer', async () => {
    const questions: (string | null)[] = [];
    const search = {
      answer: async ({ state }: { state: { events: readonly { event: string; text?: string | null }[] } }) => {
        questions.push(state.events.findLast((e) => e.event === 'user')?.text ?? null);
        return { kind: 'answer' as const, text: 'We open at 9.', searchQuery: 'when do you open?', searchResults: ['We open at 9 every day.'] };
      },
    };
    const processor = processorFor(searching, { search: () => search });
    const result = await processor.handleMessage({ senderId: 'k', text: 'when do you open?', channel: 'rest' });
    expect(questions).toEqual(['when do you open?']);
    expect(texts(result.messages)).toEqual(['We open at 9.', ANYTHING_ELSE]);
  });

  it('a failing or missing search runs pattern_internal_error and the process keeps serving', async () => {
    const failing = processorFor(searching, { search: () => ({ answer: () => Promise.reject(new Error('store down')) }) });
    expect(texts((await failing.handleMessage({ senderId: 'k', text: 'when do you open?', channel: 'rest' })).messages)[0]).toBe(INTERNAL_ERROR);
    const missing = processorFor(searching);
    expect(texts((await missing.handleMessage({ senderId: 'k', text: 'when do you open?', channel: 'rest' })).messages)[0]).toBe(INTERNAL_ERROR);
  });
});
