/**
 * The routes of one voice-stream channel, under `/webhooks/<name>`: `GET /` (health) and
 * `WS /websocket` (one call per socket), plus whatever the channel adds (telco webhooks). Every
 * socket is bounded: frames per second, idle time, concurrent calls (shared by all voice channels).
 * @module
 */
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import type { WebSocket } from 'ws';
import type { AsrEngine, TtsEngine } from '../../ports/speech.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import { CallSession } from './call-session.ts';
import { TtsCache } from './tts-cache.ts';
import type { VoiceChannelCredentials, VoiceStreamChannel } from './voice-channel.ts';

export interface VoiceLimits {
  /** Calls at once over all voice channels; more are refused with close code 1013. */
  readonly maxCalls: number;
  /** A socket with no frame for this long is closed (ms). */
  readonly idleTimeoutMs: number;
  /** Frames per second a socket may send; the excess is dropped, ten times it closes the socket. */
  readonly maxFramesPerSecond: number;
  /** Caller audio accepted per second of wall time (ms of audio). */
  readonly maxAudioMsPerSecond: number;
  /** A DTMF entry ends with `#` or after this pause (ms). */
  readonly dtmfGapMs: number;
}

export const DEFAULT_VOICE_LIMITS: VoiceLimits = { maxCalls: 200, idleTimeoutMs: 60_000, maxFramesPerSecond: 200, maxAudioMsPerSecond: 1500, dtmfGapMs: 2000 };
/** Largest WebSocket message (bytes); ws closes the socket with 1009 beyond it. 1 s of 48 kHz L16 in base64 is 128 KB. */
export const MAX_VOICE_FRAME_BYTES = 256 * 1024;

/** The calls of all voice channels of one server: counted for the limit, closed together on shutdown. */
export class VoiceCalls {
  readonly #sockets = new Set<WebSocket>();
  readonly #ending = new Set<Promise<void>>();

  get active(): number {
    return this.#sockets.size + this.#ending.size;
  }

  add(socket: WebSocket): void {
    this.#sockets.add(socket);
  }

  /** The socket is gone; the call is counted until its session has ended. */
  ended(socket: WebSocket, session: Promise<void>): void {
    this.#sockets.delete(socket);
    const done = session.finally(() => this.#ending.delete(done));
    this.#ending.add(done);
  }

  /** Closes every socket (1001 going away) and waits until each call has recorded its end. */
  async closeAll(): Promise<void> {
    for (const socket of this.#sockets) socket.close(1001, 'server shutting down');
    while (this.#sockets.size > 0 || this.#ending.size > 0) {
      if (this.#ending.size > 0) await Promise.allSettled([...this.#ending]);
      else await new Promise((resolve) => setTimeout(resolve, 10));
    }
  }
}

export interface VoiceRouteOptions {
  /** The credentials.yml name; the routes live under `/webhooks/<name>`. */
  readonly name: string;
  readonly channel: VoiceStreamChannel;
  readonly credentials: VoiceChannelCredentials;
  readonly runtime: ConversationRuntime;
  readonly asr: AsrEngine;
  readonly tts: TtsEngine;
  /** endpoints.yml `interaction_handling.global_silence_timeout`, used until the conversation's slot says otherwise. */
  readonly globalSilenceTimeout: number;
  readonly calls: VoiceCalls;
  readonly limits: VoiceLimits;
  readonly logger: Logger;
}

export async function voiceRoutes(scope: FastifyInstance, o: VoiceRouteOptions): Promise<void> {
  const log = o.logger.child({ channel: o.name });
  const ttsCache = new TtsCache(o.credentials.tts.cache_size);
  const { authorize } = o.channel;
  if (authorize) {
    scope.addHook('onRequest', async (request, reply) => {
      if (authorize(request, o.credentials)) return;
      await reply.code(401).header('www-authenticate', 'Basic realm="colloquy"').send({ error: 'Unauthorized', message: 'Missing or wrong credentials.' });
    });
  }

  scope.get('/', async () => ({ status: 'ok' }));

  scope.get('/websocket', { websocket: true }, (socket, request) => {
    if (o.calls.active >= o.limits.maxCalls) {
      log.warn({ limit: o.limits.maxCalls }, 'voice call refused: too many calls');
      socket.close(1013, 'too many calls');
      return;
    }
    o.calls.add(socket);
    const session = new CallSession({
      runtime: o.runtime,
      protocol: o.channel.createProtocol({ credentials: o.credentials, query: request.query as Record<string, unknown>, headers: request.headers }),
      asr: o.asr,
      tts: o.tts,
      ttsCache,
      interruptions: o.credentials.interruptions,
      silenceTimeoutSeconds: o.credentials.silence_timeout ?? o.globalSilenceTimeout,
      send: (frame) => {
        if (socket.readyState === socket.OPEN) socket.send(frame);
      },
      hangup: (reason) => socket.close(1000, reason),
      logger: log,
      dtmfGapMs: o.limits.dtmfGapMs,
      maxAudioMsPerSecond: o.limits.maxAudioMsPerSecond,
    });
    const idle = setTimeout(() => socket.close(1000, 'idle'), o.limits.idleTimeoutMs);
    let windowStart = performance.now();
    let frames = 0;
    socket.on('message', (data: Buffer | ArrayBuffer | Buffer[], isBinary: boolean) => {
      idle.refresh();
      const now = performance.now();
      if (now - windowStart >= 1000) {
        windowStart = now;
        frames = 0;
      }
      if (++frames > o.limits.maxFramesPerSecond) {
        if (frames > 10 * o.limits.maxFramesPerSecond) socket.close(1008, 'too many frames');
        else if (frames === o.limits.maxFramesPerSecond + 1) log.warn({ conversation: session.conversationId }, 'voice frames over the rate limit dropped');
        return;
      }
      const bytes = Buffer.isBuffer(data) ? data : Array.isArray(data) ? Buffer.concat(data) : Buffer.from(data);
      try {
        session.receive(isBinary ? bytes : bytes.toString('utf8'), isBinary);
      } catch (error) {
        log.error({ err: error, conversation: session.conversationId }, 'voice frame handling failed');
      }
    });
    socket.on('error', (error) => log.warn({ reason: error.message, conversation: session.conversationId }, 'voice socket error'));
    socket.on('close', () => {
      clearTimeout(idle);
      o.calls.ended(socket, session.close('socket closed'));
    });
    session.open();
  });

  await o.channel.routes?.(scope, { credentials: o.credentials, websocketPath: `/webhooks/${o.name}/websocket` });
}
