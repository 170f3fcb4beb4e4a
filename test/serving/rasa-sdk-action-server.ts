/**
 * A stand-in for a Python action server: a Node HTTP server that answers colloquy's action calls
 * byte for byte as `rasa_sdk` would — events built the way `rasa_sdk/events.py` builds them (every
 * optional field present, unset ones `null`, `"timestamp": null`) and responses the way
 * `CollectingDispatcher.utter_message` serialises them.
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

type Json = Record<string, unknown>;

/** `rasa_sdk.events` constructors with their default arguments. */
export const sdkEvents = {
  UserUttered: (text: string | null): Json => ({ event: 'user', timestamp: null, text, parse_data: null, input_channel: null }),
  BotUttered: (text: string | null, data: Json | null = null): Json => ({ event: 'bot', timestamp: null, text, data, metadata: null }),
  SlotSet: (key: string, value: unknown = null): Json => ({ event: 'slot', timestamp: null, name: key, value }),
  Restarted: (): Json => ({ event: 'restart', timestamp: null }),
  SessionStarted: (): Json => ({ event: 'session_started', timestamp: null }),
  SessionEnded: (): Json => ({ event: 'session_ended', timestamp: null, metadata: null }),
  UserUtteranceReverted: (): Json => ({ event: 'rewind', timestamp: null }),
  AllSlotsReset: (): Json => ({ event: 'reset_slots', timestamp: null }),
  ReminderScheduled: (intent: string, isoDateTime: string, name: string | null = null): Json => ({
    event: 'reminder',
    timestamp: null,
    intent,
    entities: null,
    date_time: isoDateTime,
    name,
    kill_on_user_msg: true,
  }),
  ReminderCancelled: (name: string | null = null): Json => ({ event: 'cancel_reminder', timestamp: null, intent: null, entities: null, name }),
  ActionReverted: (): Json => ({ event: 'undo', timestamp: null }),
  StoryExported: (): Json => ({ event: 'export', timestamp: null }),
  FollowupAction: (name: string): Json => ({ event: 'followup', timestamp: null, name }),
  ConversationPaused: (): Json => ({ event: 'pause', timestamp: null }),
  ConversationResumed: (): Json => ({ event: 'resume', timestamp: null }),
  ActionExecuted: (name: string): Json => ({ event: 'action', name, policy: null, confidence: null, timestamp: null }),
  AgentUttered: (text: string | null, data: unknown = null): Json => ({ event: 'agent', text, data, timestamp: null }),
  ActiveLoop: (name: string | null): Json => ({ event: 'active_loop', name, timestamp: null }),
  LoopInterrupted: (isInterrupted: boolean): Json => ({ event: 'loop_interrupted', is_interrupted: isInterrupted, timestamp: null }),
  ActionExecutionRejected: (name: string): Json => ({ event: 'action_execution_rejected', name, policy: null, confidence: null, timestamp: null }),
};

/** Every `event` name `rasa_sdk/events.py` can produce. */
export const SDK_EVENT_TYPES = [
  'user',
  'bot',
  'slot',
  'restart',
  'session_started',
  'session_ended',
  'rewind',
  'reset_slots',
  'reminder',
  'cancel_reminder',
  'undo',
  'export',
  'followup',
  'pause',
  'resume',
  'action',
  'agent',
  'active_loop',
  'loop_interrupted',
  'action_execution_rejected',
];

/** One `dispatcher.utter_message(...)` call as rasa_sdk serialises it. */
export function utterMessage(args: { text?: string; image?: string; json_message?: Json; response?: string; attachment?: string; buttons?: Json[]; elements?: Json[] } & Json = {}): Json {
  const { text, image, json_message, response, attachment, buttons, elements, ...kwargs } = args;
  return {
    text: text ?? null,
    buttons: buttons ?? [],
    elements: elements ?? [],
    custom: json_message ?? {},
    template: response ?? null,
    response: response ?? null,
    image: image ?? null,
    attachment: attachment ?? null,
    ...kwargs,
  };
}

/** What an action returns: rasa_sdk's executor reply `{events, responses}`. */
export interface SdkActionResult {
  readonly events?: readonly Json[];
  readonly responses?: readonly Json[];
}

/** The request colloquy sent (`next_action`, `tracker`, `domain`, …). */
export type SdkActionCall = { readonly next_action: string; readonly tracker: { readonly slots: Json; readonly sender_id: string } } & Json;

export interface SdkActionServer {
  readonly url: string;
  readonly calls: SdkActionCall[];
  close(): Promise<void>;
}

/** Serves `actions` on 127.0.0.1 at `/webhook`; an unknown action answers 404 as rasa_sdk does. */
export async function startSdkActionServer(actions: Readonly<Record<string, (call: SdkActionCall) => SdkActionResult>>): Promise<SdkActionServer> {
  const calls: SdkActionCall[] = [];
  const server: Server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const reply = (status: number, json: unknown) => res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(json));
      if (req.method !== 'POST' || req.url !== '/webhook') return reply(404, { error: 'not found' });
      const call = JSON.parse(body) as SdkActionCall;
      calls.push(call);
      const action = actions[call.next_action];
      if (!action) return reply(404, { error: `No registered action found for name '${call.next_action}'.`, action_name: call.next_action });
      const result = action(call);
      return reply(200, { events: result.events ?? [], responses: result.responses ?? [] });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/webhook`,
    calls,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}
