/**
 * A scripted ConversationRuntime: keyword-driven turns that produce realistic ConversationStates
 * (stack frames, stack patch events, flow events, action_listen), serialized per conversation like
 * the real lock, and a log of every turn it ran (to prove dedup and "no turn processed").
 */
import type { BotMessage, Event } from '../../src/core/events.ts';
import type { Frame } from '../../src/core/stack.ts';
import { STATE_VERSION, type ConversationState } from '../../src/core/state.ts';
import type { ConversationRuntime, IncomingMessage, MessageSink, ParsedMessage, TurnResult } from '../../src/runtime/processor-api.ts';

interface Conversation {
  slots: Record<string, unknown>;
  stack: Frame[];
  events: Event[];
}

export interface FakeRuntimeOptions {
  /** Delay of a turn whose text contains `slow`. */
  readonly slowMs?: number;
  /** Delay of every turn. */
  readonly turnDelayMs?: number;
}

const T = 1_700_000_000;
/** What a turn whose text contains `stream` streams, piece by piece. */
export const STREAMED_PIECES = ['Fees: ', 'none ', 'at all.'];

export class FakeRuntime implements ConversationRuntime {
  readonly turns: IncomingMessage[] = [];
  private readonly conversations = new Map<string, Conversation>();
  private readonly locks = new Map<string, Promise<unknown>>();
  private frameIds = 0;

  constructor(private readonly options: FakeRuntimeOptions = {}) {}

  handleMessage(message: IncomingMessage, sink?: MessageSink): Promise<TurnResult> {
    const previous = this.locks.get(message.senderId) ?? Promise.resolve();
    const turn = previous.then(() => this.run(message, sink));
    this.locks.set(message.senderId, turn.catch(() => undefined));
    return turn;
  }

  turnsOf(senderId: string): IncomingMessage[] {
    return this.turns.filter((t) => t.senderId === senderId);
  }

  private async run(message: IncomingMessage, sink?: MessageSink): Promise<TurnResult> {
    const text = (message.text ?? '').toLowerCase();
    if (this.options.turnDelayMs) await sleep(this.options.turnDelayMs);
    if (text.includes('slow')) await sleep(this.options.slowMs ?? 200);
    if (text.includes('boom')) throw new Error('action server unreachable');
    this.turns.push(message);

    const convo = this.conversations.get(message.senderId) ?? { slots: {}, stack: [], events: [] };
    this.conversations.set(message.senderId, convo);
    const first = convo.events.length;
    const out: BotMessage[] = [];
    const say = (t: string) => {
      out.push({ text: t });
      convo.events.push({ event: 'bot', text: t, data: {}, timestamp: T });
    };
    const setSlot = (name: string, value: unknown) => {
      convo.slots[name] = value;
      convo.events.push({ event: 'slot', name, value, timestamp: T });
    };
    convo.events.push({ event: 'user', text: message.text, parse_data: { commands: [] }, message_id: message.messageId, timestamp: T });
    for (const [name, value] of Object.entries(message.presetSlots ?? {})) setSlot(name, value);

    const top = convo.stack.findLast((f) => f.type === 'flow');
    if (text.includes('weather')) {
      this.runPattern(convo, 'pattern_cannot_handle', { reason: 'cannot_handle_not_supported' });
      say("Sorry, I can't help with that.");
    } else if (text.includes('crash')) {
      this.push(convo, { type: 'pattern', frame_id: this.frameId(), flow_id: 'pattern_internal_error', step_id: 'START', context: { error_type: 'rasa_internal_error_default', info: { component: 'llm' } } });
      say('Sorry, something went wrong.');
    } else if (text.includes('stop') && top) {
      convo.stack = [];
      convo.events.push({ event: 'flow_cancelled', flow_id: top.flow_id, step_id: top.step_id, timestamp: T });
      this.runPattern(convo, 'pattern_cancel_flow', { canceled_name: top.flow_id });
      say(`Okay, I stopped ${top.flow_id}.`);
    } else if (text.includes('hello') && !top) {
      this.runPattern(convo, 'pattern_chitchat', {});
      this.push(convo, { type: 'pattern', frame_id: this.frameId(), flow_id: 'pattern_completed', step_id: 'ask_continue', context: {} });
      say('Hi! Is there anything else I can help with?');
    } else if (text.includes('transfer') && !top) {
      this.startFlow(convo, 'transfer_money', 'collect_account_number');
      if (convo.slots.account_number) this.advanceTransfer(convo, say);
      else say('Which account should I send it to?');
    } else if (text.includes('book') && !top) {
      this.startFlow(convo, 'book_appointment', 'collect_appointment_date');
      say('Which day suits you?');
    } else if (top?.flow_id === 'transfer_money') {
      setSlot(convo.slots.account_number ? 'amount' : 'account_number', message.text);
      this.advanceTransfer(convo, say);
    } else if (top?.flow_id === 'book_appointment') {
      setSlot('appointment_date', message.text);
      setSlot('appointment_id', 'APT-12345');
      this.completeFlow(convo, 'book_appointment');
      say('Booked: APT-12345.');
    } else if (text.includes('stream')) {
      // A custom action streaming its answer: chunks first, then the whole text as a bot message.
      for (const [i, piece] of STREAMED_PIECES.entries()) sink?.chunk?.({ text: piece, last: i === STREAMED_PIECES.length - 1, responseId: 'response-1' });
      say(STREAMED_PIECES.join(''));
    } else if (text.includes('brochure')) {
      // A custom action sending a file and a JSON payload.
      out.push({ text: 'Here is our brochure.', image: 'https://files.test/brochure.png', custom: { pages: 4, topics: ['fees'] } });
      convo.events.push({ event: 'bot', text: 'Here is our brochure.', data: { image: 'https://files.test/brochure.png', custom: { pages: 4, topics: ['fees'] } }, timestamp: T });
    } else if (message.text === null) {
      // slots-only message: nothing to say
    } else {
      say('How can I help?');
    }
    convo.events.push({ event: 'action', name: 'action_listen', timestamp: T });
    for (const m of out) await sink?.send(m);
    const state: ConversationState = {
      version: STATE_VERSION,
      sender_id: message.senderId,
      slots: { ...convo.slots },
      stack: [...convo.stack],
      events: [...convo.events],
      paused: false,
      latest_event_time: T,
      latest_action_name: 'action_listen',
      latest_input_channel: message.channel,
    };
    return { senderId: message.senderId, messages: out, state, firstEventIndex: first };
  }

  private advanceTransfer(convo: Conversation, say: (t: string) => void) {
    if (!convo.slots.amount) {
      this.replaceStep(convo, 'collect_amount');
      say('How much?');
      return;
    }
    this.completeFlow(convo, 'transfer_money');
    say('Done: the money is on its way.');
  }

  private frameId() {
    return `frame${++this.frameIds}`;
  }

  private push(convo: Conversation, frame: Frame) {
    convo.stack.push(frame);
    convo.events.push({ event: 'stack', update: JSON.stringify([{ op: 'add', path: `/${convo.stack.length - 1}`, value: frame }]), timestamp: T });
    convo.events.push({ event: 'flow_started', flow_id: frame.type === 'agent' || frame.type === 'search' ? '' : frame.flow_id, timestamp: T });
  }

  /** A pattern that runs and finishes within the turn: pushed, then popped. */
  private runPattern(convo: Conversation, id: string, context: Record<string, unknown>) {
    this.push(convo, { type: 'pattern', frame_id: this.frameId(), flow_id: id, step_id: 'START', context });
    convo.stack.pop();
    convo.events.push({ event: 'stack', update: JSON.stringify([{ op: 'remove', path: `/${convo.stack.length}` }]), timestamp: T });
    convo.events.push({ event: 'flow_completed', flow_id: id, step_id: 'END', timestamp: T });
  }

  private startFlow(convo: Conversation, flowId: string, stepId: string) {
    this.push(convo, { type: 'flow', frame_id: this.frameId(), flow_id: flowId, step_id: stepId, frame_type: 'regular' });
  }

  private replaceStep(convo: Conversation, stepId: string) {
    const index = convo.stack.length - 1;
    const frame = convo.stack[index];
    if (frame?.type !== 'flow') return;
    convo.stack[index] = { ...frame, step_id: stepId };
    convo.events.push({ event: 'stack', update: JSON.stringify([{ op: 'replace', path: `/${index}/step_id`, value: stepId }]), timestamp: T });
  }

  private completeFlow(convo: Conversation, flowId: string) {
    convo.stack = convo.stack.filter((f) => !(f.type === 'flow' && f.flow_id === flowId));
    convo.events.push({ event: 'flow_completed', flow_id: flowId, step_id: 'END', timestamp: T });
    convo.events.push({ event: 'stack', update: JSON.stringify([{ op: 'remove', path: '/0' }]), timestamp: T });
  }

  // The rest of the runtime API is not used by the A2A server.
  async triggerIntent(): Promise<TurnResult> {
    throw new Error('not scripted');
  }
  async getState(): Promise<ConversationState | undefined> {
    return undefined;
  }
  async appendEvents(): Promise<ConversationState> {
    throw new Error('not scripted');
  }
  async deleteConversation(senderId: string): Promise<void> {
    this.conversations.delete(senderId);
  }
  async listConversations(): Promise<string[]> {
    return [...this.conversations.keys()];
  }
  async parseMessage(): Promise<ParsedMessage> {
    throw new Error('not scripted');
  }
  async executeAction(): Promise<TurnResult> {
    throw new Error('not scripted');
  }
}

function sleep(ms: number) {
  return new Promise((r) => setTimeout(r, ms));
}
