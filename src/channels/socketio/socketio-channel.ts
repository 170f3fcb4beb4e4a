/**
 * The socket.io channel (Rasa `socketio`), compatible with the Rasa web chat widget:
 * `session_request` → `session_confirm`, `user_uttered` `{message, session_id}` → `bot_uttered`.
 * Runs on the server's own HTTP server at `socketio_path`.
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { Server as HttpServer } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Logger } from 'pino';
import { Server, type Socket } from 'socket.io';
import { idProblem } from '../../runtime/input-limits.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import type { SocketIoCredentials } from './socketio-credentials.ts';
import { toSocketIoMessages } from './socketio-messages.ts';

export interface SocketIoChannelOptions {
  readonly runtime: ConversationRuntime;
  readonly credentials: SocketIoCredentials;
  /** Allowed browser origins (`--cors`); `*` allows any. */
  readonly corsOrigins?: readonly string[];
  readonly logger: Logger;
}

export interface SocketIoChannel {
  readonly io: Server;
  /** Disconnects every client and stops the engine (the HTTP server is closed by its owner). */
  close(): Promise<void>;
}

export function attachSocketIoChannel(httpServer: HttpServer | HttpsServer, options: SocketIoChannelOptions): SocketIoChannel {
  const { runtime, credentials, logger } = options;
  const origins = options.corsOrigins ?? [];
  const io = new Server(httpServer, {
    path: credentials.socketio_path,
    ...(origins.length > 0 ? { cors: { origin: origins.includes('*') ? true : [...origins] } } : {}),
  });

  io.on('connection', (socket) => {
    socket.on('session_request', (data: unknown) => {
      const requested = field(data, 'session_id');
      const usable = typeof requested === 'string' && idProblem(requested) === undefined;
      if (typeof requested === 'string' && requested.length > 0 && !usable) logger.warn({ socket: socket.id, reason: idProblem(requested) }, 'socket.io session_id refused; a new one is assigned');
      const sessionId = usable ? requested : randomUUID().replaceAll('-', '');
      if (credentials.session_persistence) void socket.join(sessionId);
      socket.emit('session_confirm', sessionId);
    });
    socket.on(credentials.user_message_evt, (data: unknown) => {
      void onUserMessage(socket, data);
    });
  });

  async function onUserMessage(socket: Socket, data: unknown): Promise<void> {
    if (typeof data !== 'object' || data === null) {
      logger.warn({ socket: socket.id }, 'socket.io message that is not an object ignored');
      return;
    }
    let senderId = socket.id;
    if (credentials.session_persistence) {
      const sessionId = field(data, 'session_id');
      if (typeof sessionId !== 'string' || sessionId.length === 0) {
        logger.warn({ socket: socket.id }, 'socket.io message without a session_id ignored (session_persistence is on)');
        return;
      }
      senderId = sessionId;
    }
    const message = field(data, 'message');
    const messageId = field(data, 'message_id');
    const metadata = metadataOf(field(data, credentials.metadata_key));
    // Without session persistence the socket's own room is its id, so `senderId` is the room either way.
    const emit = (botMessage: Parameters<typeof toSocketIoMessages>[0]) => {
      for (const out of toSocketIoMessages(botMessage)) io.to(senderId).emit(credentials.bot_message_evt, out);
    };
    try {
      await runtime.handleMessage(
        {
          senderId,
          text: typeof message === 'string' ? message : '',
          channel: 'socketio',
          ...(metadata ? { metadata } : {}),
          ...(typeof messageId === 'string' ? { messageId } : {}),
        },
        { send: emit },
      );
    } catch (error) {
      // socket.io has no error status: a refused message (bad id, oversized metadata) is only logged, like a failed turn.
      logger.warn({ err: error, sender: senderId }, 'socket.io turn failed');
    }
  }

  return {
    io,
    async close() {
      io.disconnectSockets(true);
      io.engine.close();
    },
  };
}

function field(data: unknown, key: string): unknown {
  return typeof data === 'object' && data !== null ? (data as Record<string, unknown>)[key] : undefined;
}

/** Widgets send metadata as an object or as a JSON string. */
function metadataOf(value: unknown): Record<string, unknown> | undefined {
  let parsed = value;
  if (typeof value === 'string') {
    try {
      parsed = JSON.parse(value);
    } catch {
      return undefined;
    }
  }
  return typeof parsed === 'object' && parsed !== null && !Array.isArray(parsed) ? (parsed as Record<string, unknown>) : undefined;
}
