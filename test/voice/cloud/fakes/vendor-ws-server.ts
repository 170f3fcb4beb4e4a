/**
 * A WebSocket server on 127.0.0.1 standing in for a speech vendor: it records each connection's
 * upgrade request and messages, lets the test answer, and can refuse the handshake with a status.
 */
import { createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Duplex } from 'node:stream';
import { WebSocketServer, type WebSocket } from 'ws';

export interface ReceivedMessage {
  readonly data: Buffer;
  readonly isBinary: boolean;
}

export class FakeConnection {
  readonly messages: ReceivedMessage[] = [];
  closed = false;
  private waiters: (() => void)[] = [];

  constructor(
    readonly socket: WebSocket,
    readonly request: IncomingMessage,
  ) {
    socket.on('message', (data: Buffer, isBinary) => {
      this.messages.push({ data, isBinary });
      this.wake();
    });
    socket.on('close', () => {
      this.closed = true;
      this.wake();
    });
  }

  get url(): URL {
    return new URL(this.request.url ?? '/', 'ws://fake');
  }

  /** Resolves once `condition` holds, re-checked on every message and on close. */
  async until<T>(condition: () => T | undefined | false, timeoutMs = 10_000): Promise<T> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const value = condition();
      if (value) return value;
      if (Date.now() > deadline) throw new Error('fake vendor: condition not met in time');
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, 200);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
  }

  send(data: string | Buffer): void {
    this.socket.send(data);
  }

  private wake(): void {
    const waiters = this.waiters;
    this.waiters = [];
    for (const wake of waiters) wake();
  }
}

export class FakeVendorWsServer {
  readonly connections: FakeConnection[] = [];
  /** Set to answer the next upgrades with this HTTP status instead of accepting them. */
  refuseWith: number | undefined;
  /** Set to leave upgrades unanswered (a vendor that accepts TCP and then stalls). */
  stallUpgrades = false;
  /** Lets a protocol fake answer each new connection (see deepgram-listen.ts, azure-speech-service.ts). */
  onConnection: ((connection: FakeConnection) => void) | undefined;
  private readonly http = createServer();
  private readonly wss = new WebSocketServer({ noServer: true });
  private arrivals: (() => void)[] = [];
  private readonly stalled: Duplex[] = [];

  private constructor() {
    this.http.on('upgrade', (request, socket, head) => {
      if (this.stallUpgrades) {
        this.stalled.push(socket);
        return;
      }
      if (this.refuseWith) {
        socket.end(`HTTP/1.1 ${this.refuseWith} Refused\r\nContent-Length: 0\r\nConnection: close\r\n\r\n`);
        return;
      }
      this.wss.handleUpgrade(request, socket, head, (ws) => {
        const connection = new FakeConnection(ws, request);
        this.connections.push(connection);
        this.onConnection?.(connection);
        for (const arrive of this.arrivals.splice(0)) arrive();
      });
    });
  }

  static async start(): Promise<FakeVendorWsServer> {
    const server = new FakeVendorWsServer();
    await new Promise<void>((resolve) => server.http.listen(0, '127.0.0.1', resolve));
    return server;
  }

  get url(): string {
    return `ws://127.0.0.1:${(this.http.address() as AddressInfo).port}`;
  }

  /** The connection number `index` (0-based), once it has arrived. */
  async connection(index = 0): Promise<FakeConnection> {
    while (!this.connections[index]) await new Promise<void>((resolve) => this.arrivals.push(resolve));
    return this.connections[index];
  }

  /** Upgrades left unanswered so far (see `stallUpgrades`). */
  stalledUpgrades(): number {
    return this.stalled.length;
  }

  openConnections(): number {
    return this.connections.filter((connection) => !connection.closed).length;
  }

  async stop(): Promise<void> {
    for (const client of this.wss.clients) client.terminate();
    for (const socket of this.stalled) socket.destroy();
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
    this.http.closeAllConnections();
    await new Promise<void>((resolve) => this.http.close(() => resolve()));
  }
}
