/**
 * jambonz voice-ready (Rasa `jambonz`): jambonz does the speech and drives the call over its
 * WebSocket API (subprotocol `ws.jambonz.org`) at `WS /webhooks/jambonz/websocket`; colloquy sees
 * text. `session:new` is acknowledged and starts the session (the call sid is the conversation id);
 * each final `/gather` transcript (or DTMF digits) is a user turn; bot messages go back as queued
 * `say` commands followed by a new `gather`; `action_hangup` queues a pause and `hangup`; a
 * `completed` call status ends the session. Basic auth on the socket when `username`/`password` are set.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { FastifyBaseLogger, FastifyPluginAsync } from 'fastify';
import type { WebSocket } from 'ws';
import { z } from 'zod';
import type { IncomingMessage, ConversationRuntime } from '../../runtime/processor-api.ts';
import { basicAuthHook, type BasicAuthCredentials } from '../basic-auth.ts';
import { callMetadata } from '../call-parameters.ts';
import { spokenTexts } from './spoken-text.ts';
import { turnHungUp } from './turn-hangup.ts';

export const JAMBONZ = 'jambonz';
/** The WebSocket subprotocol of jambonz's call-control API. */
export const JAMBONZ_WS_SUBPROTOCOL = 'ws.jambonz.org';

/** Far above any jambonz message; bigger ones are dropped unparsed. */
const MAX_MESSAGE_CHARS = 256 * 1024;
const HANGUP_DELAY_SECONDS = 1;
/** jambonz reports call progress well within this; a silent socket is closed. */
const IDLE_TIMEOUT_MS = 5 * 60_000;
/** Messages queued behind a running turn; a peer flooding the socket is disconnected. */
const MAX_WAITING_MESSAGES = 100;
const NOTHING_HEARD = "I'm sorry, I didn't catch that.";

export interface JambonzChannelOptions {
  readonly runtime: ConversationRuntime;
  readonly credentials: BasicAuthCredentials;
}

const callSid = z.string().min(1).max(128);

const message = z.discriminatedUnion('type', [
  z.object({
    type: z.literal('session:new'),
    msgid: z.string().max(128).optional(),
    call_sid: callSid,
    data: z.object({ from: z.string().max(256).optional(), to: z.string().max(256).optional(), direction: z.string().max(64).optional() }).optional(),
  }),
  z.object({ type: z.literal('session:reconnect'), call_sid: callSid.optional() }),
  z.object({ type: z.literal('call:status'), call_sid: callSid, data: z.object({ call_status: z.string().max(64).optional() }).optional() }),
  z.object({
    type: z.literal('verb:hook'),
    call_sid: callSid,
    hook: z.string().max(256).optional(),
    data: z
      .object({
        reason: z.string().max(64).optional(),
        speech: z
          .object({
            is_final: z.boolean().optional(),
            alternatives: z.array(z.object({ transcript: z.string().max(10_000).optional(), confidence: z.number().optional() })).max(20).optional(),
          })
          .optional(),
        digits: z.union([z.string().max(64), z.number()]).optional(),
      })
      .optional(),
  }),
  z.object({ type: z.literal('verb:status') }),
  z.object({ type: z.literal('jambonz:error') }),
]);
type JambonzMessage = z.infer<typeof message>;

/** Register with prefix `/webhooks/jambonz` on a server with `@fastify/websocket`. */
export const jambonzChannel: FastifyPluginAsync<JambonzChannelOptions> = async (scope, { runtime, credentials }) => {
  const auth = basicAuthHook(credentials, `webhooks/${JAMBONZ}/websocket`);

  scope.get('/', async () => ({ status: 'ok' }));

  scope.get('/websocket', { websocket: true, ...(auth ? { onRequest: auth } : {}) }, (socket, request) => {
    const call = new JambonzCall(socket, runtime, request.log);
    const idle = setTimeout(() => socket.close(1000, 'idle'), IDLE_TIMEOUT_MS);
    // One message at a time, so a call's commands go out in the order its turns ran.
    let queue = Promise.resolve();
    let waiting = 0;
    socket.on('message', (data, isBinary) => {
      idle.refresh();
      if (++waiting > MAX_WAITING_MESSAGES) {
        request.log.warn({ limit: MAX_WAITING_MESSAGES }, 'jambonz socket closed: too many messages waiting');
        socket.close(1008, 'too many messages');
        return;
      }
      queue = queue
        .then(() => call.receive(data as Buffer, isBinary))
        .catch((error: unknown) => request.log.warn({ err: error }, 'jambonz message failed'))
        .finally(() => waiting--);
    });
    socket.on('close', () => clearTimeout(idle));
  });
};

class JambonzCall {
  constructor(
    private readonly socket: WebSocket,
    private readonly runtime: ConversationRuntime,
    private readonly log: FastifyBaseLogger,
  ) {}

  async receive(data: Buffer, isBinary: boolean): Promise<void> {
    const parsed = isBinary || data.length > MAX_MESSAGE_CHARS ? undefined : parseMessage(data.toString('utf8'));
    if (!parsed) {
      this.log.warn({ bytes: data.length, isBinary }, 'jambonz message that is not a known JSON message ignored');
      return;
    }
    await this.handle(parsed);
  }

  private async handle(m: JambonzMessage): Promise<void> {
    switch (m.type) {
      case 'session:new': {
        this.send({ type: 'ack', ...(m.msgid ? { msgid: m.msgid } : {}), data: [{ config: { notifyEvents: true } }] });
        const metadata = callMetadata({ call_id: m.call_sid, user_phone: m.data?.from ?? '', bot_phone: m.data?.to, direction: m.data?.direction });
        await this.turn({ senderId: m.call_sid, text: '/session_start', channel: JAMBONZ, metadata });
        return;
      }
      case 'call:status':
        // The call is over: the session ends and nothing is said.
        if (m.data?.call_status === 'completed') await this.runtime.handleMessage({ senderId: m.call_sid, text: '/session_end', channel: JAMBONZ, metadata: {} });
        return;
      case 'verb:hook':
        return this.onHook(m);
      case 'jambonz:error':
        this.log.error('jambonz reported a fatal error for the call');
        return;
      case 'session:reconnect':
      case 'verb:status':
        this.log.debug({ type: m.type }, 'jambonz message');
        return;
    }
  }

  private async onHook(m: Extract<JambonzMessage, { type: 'verb:hook' }>): Promise<void> {
    if (m.hook !== '/gather') {
      this.log.debug({ hook: m.hook }, 'jambonz verb hook ignored');
      return;
    }
    const reason = m.data?.reason;
    if (reason === 'timeout') {
      this.say(NOTHING_HEARD);
      this.gather();
      return;
    }
    let text: string | undefined;
    if (reason === 'dtmfDetected') text = String(m.data?.digits ?? '');
    else if (reason === 'speechDetected') {
      // Partial transcripts are skipped: the final one follows.
      if (m.data?.speech?.is_final === false) return;
      text = m.data?.speech?.alternatives?.[0]?.transcript;
    } else {
      this.log.debug({ reason }, 'jambonz gather hook ignored');
      return;
    }
    if (text) await this.turn({ senderId: m.call_sid, text, channel: JAMBONZ, metadata: {} });
    else {
      this.log.warn('jambonz gather without a transcript');
      this.gather();
    }
  }

  /** Runs a turn and speaks its messages; then listens again unless the turn hung up. */
  private async turn(incoming: IncomingMessage): Promise<void> {
    const result = await this.runtime.handleMessage(incoming);
    for (const text of result.messages.flatMap(spokenTexts)) this.say(text);
    if (turnHungUp(result)) {
      this.command([{ pause: { length: HANGUP_DELAY_SECONDS } }, { hangup: {} }]);
      return;
    }
    this.gather();
  }

  private say(text: string): void {
    this.command([{ say: { id: randomUUID().replaceAll('-', ''), text } }]);
  }

  private gather(): void {
    this.command([{ gather: { input: ['speech', 'digits'], minDigits: 1, id: randomUUID().replaceAll('-', ''), actionHook: '/gather' } }]);
  }

  /** A `redirect` queued behind the commands already sent. */
  private command(verbs: readonly Readonly<Record<string, unknown>>[]): void {
    this.send({ type: 'command', command: 'redirect', queueCommand: true, data: verbs });
  }

  private send(frame: Readonly<Record<string, unknown>>): void {
    if (this.socket.readyState === this.socket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}

function parseMessage(text: string): JambonzMessage | undefined {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    return undefined;
  }
  const parsed = message.safeParse(json);
  return parsed.success ? parsed.data : undefined;
}
