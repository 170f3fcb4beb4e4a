/**
 * A TCP proxy in front of a real service, to take the service away from a client and bring it
 * back (a broker restart as the client sees it) without disturbing other users of the service.
 * @module
 */
import net from 'node:net';

export interface TcpProxy {
  readonly port: number;
  /** Resets every open connection and stops accepting new ones. */
  cut(): Promise<void>;
  /** Accepts connections again, on the same port. */
  restore(): Promise<void>;
  close(): Promise<void>;
}

export async function startTcpProxy(target: { host: string; port: number }): Promise<TcpProxy> {
  const sockets = new Set<net.Socket>();
  const track = (socket: net.Socket) => {
    sockets.add(socket);
    socket.once('close', () => sockets.delete(socket));
  };
  const server = net.createServer((client) => {
    const upstream = net.connect(target);
    track(client);
    track(upstream);
    client.pipe(upstream).pipe(client);
    client.on('error', () => upstream.destroy());
    upstream.on('error', () => client.destroy());
    client.on('close', () => upstream.destroy());
    upstream.on('close', () => client.destroy());
  });
  const listen = (port: number) => new Promise<void>((resolve, reject) => server.once('error', reject).listen(port, '127.0.0.1', () => resolve()));
  await listen(0);
  const port = (server.address() as net.AddressInfo).port;
  const stop = async () => {
    for (const socket of sockets) socket.resetAndDestroy();
    if (server.listening) await new Promise<void>((resolve) => server.close(() => resolve()));
  };
  return { port, cut: stop, restore: () => listen(port), close: stop };
}
