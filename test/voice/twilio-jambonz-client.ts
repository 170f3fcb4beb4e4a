/**
 * The telco's side of a voice-stream socket (Twilio Media Streams, jambonz `listen`) over a real
 * WebSocket: records every frame the server sends (JSON text parsed, binary kept as bytes) and
 * waits for conditions instead of sleeping.
 * @module
 */
import WebSocket from 'ws';
import { waitUntil } from './wait-until.ts';

export type TelcoFrame = { readonly json: Record<string, unknown> } | { readonly binary: Buffer };

export class TelcoClient {
  readonly frames: TelcoFrame[] = [];
  closeCode: number | undefined;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data: Buffer, isBinary) => this.frames.push(isBinary ? { binary: data } : { json: JSON.parse(data.toString('utf8')) as Record<string, unknown> }));
    socket.on('close', (code) => (this.closeCode = code));
  }

  static async connect(url: string, protocol?: string): Promise<TelcoClient> {
    const socket = new WebSocket(url, protocol ? [protocol] : []);
    const client = new TelcoClient(socket);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  json(): Record<string, unknown>[] {
    return this.frames.flatMap((f) => ('json' in f ? [f.json] : []));
  }

  binary(): Buffer[] {
    return this.frames.flatMap((f) => ('binary' in f ? [f.binary] : []));
  }

  send(frame: unknown): void {
    this.socket.send(typeof frame === 'string' || Buffer.isBuffer(frame) ? frame : JSON.stringify(frame));
  }

  until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeout = 10_000): Promise<T> {
    return waitUntil(check, timeout);
  }

  close(): Promise<void> {
    if (this.closeCode !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.socket.once('close', () => resolve());
      this.socket.close();
    });
  }
}
