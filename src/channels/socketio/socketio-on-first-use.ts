/**
 * Attaches the socket.io channel when it is first needed: loading socket.io (with engine.io, ws and
 * their ≈ 60 CommonJS files) was ≈ 100 ms of CPU in every start, whether or not a widget connects.
 * @module
 */
import type { IncomingMessage, Server as HttpServer, ServerResponse } from 'node:http';
import type { Server as HttpsServer } from 'node:https';
import type { Duplex } from 'node:stream';
import type { SocketIoChannelOptions } from './socketio-channel.ts';

type RequestListener = (request: IncomingMessage, response: ServerResponse) => void;
type UpgradeListener = (request: IncomingMessage, socket: Duplex, head: Buffer) => void;

/**
 * Stands in for socket.io on the HTTP server until a request under its path or any WebSocket upgrade
 * arrives (socket.io also ends the upgrades nobody serves), then attaches it and hands it that request.
 * The server's own request listeners answer everything else meanwhile.
 */
export function attachSocketIoOnFirstUse(httpServer: HttpServer | HttpsServer, options: SocketIoChannelOptions): { close(): Promise<void> } {
  // engine.io and socket.io serve every URL under the path with a trailing slash.
  const prefix = `${options.credentials.socketio_path.replace(/\/$/, '')}/`;
  const serving = httpServer.listeners('request') as RequestListener[];
  let attaching: Promise<{ close(): Promise<void>; upgrade: UpgradeListener[] }> | undefined;

  const attach = () =>
    (attaching ??= import('./socketio-channel.ts').then(({ attachSocketIoChannel }) => {
      httpServer.off('request', onRequest).off('upgrade', onUpgrade);
      for (const listener of serving) httpServer.on('request', listener);
      const before = new Set(httpServer.listeners('upgrade'));
      // socket.io takes over the request listeners (answering its path, passing on the rest) and adds its upgrade listener.
      const channel = attachSocketIoChannel(httpServer, options);
      return { close: () => channel.close(), upgrade: httpServer.listeners('upgrade').filter((l) => !before.has(l)) as UpgradeListener[] };
    }));

  const onRequest: RequestListener = (request, response) => {
    if (!request.url?.startsWith(prefix)) {
      for (const listener of serving) listener.call(httpServer, request, response);
      return;
    }
    attach().then(
      () => httpServer.emit('request', request, response),
      (error: unknown) => {
        options.logger.error({ err: error }, 'socket.io channel failed to start');
        response.writeHead(500).end();
      },
    );
  };
  const onUpgrade: UpgradeListener = (request, socket, head) => {
    attach().then(
      ({ upgrade }) => {
        for (const listener of upgrade) listener.call(httpServer, request, socket, head);
      },
      () => socket.destroy(),
    );
  };

  httpServer.removeAllListeners('request');
  httpServer.on('request', onRequest).on('upgrade', onUpgrade);
  return {
    async close() {
      await (await attaching)?.close();
    },
  };
}
