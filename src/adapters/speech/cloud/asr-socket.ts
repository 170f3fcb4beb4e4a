/**
 * The lifecycle every streaming cloud ASR shares: vendor messages in, `AsrEvent`s out, a keep-alive
 * timer, failure reported once through `onError`, and nothing delivered or left running after close.
 * A vendor that ends a connection normally in mid-call (Azure limits how long one lasts) gets a new
 * one when the engine says how to reopen.
 * @module
 */
import WebSocket from 'ws';
import type { AsrEvent, AsrStreamOptions } from '../../../ports/speech.ts';
import { closeVendorSocket } from './vendor-socket.ts';

/** Audio the vendor has not taken yet; past this the connection is stalled and the stream fails. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;
/** Normal closures in a row with nothing recognised in between before the stream gives up. */
const MAX_REOPENS_WITHOUT_EVENTS = 3;

export interface AsrSocketHandlers {
  /** One vendor message; return events to emit, throw to fail the stream. */
  readonly message: (data: Buffer, isBinary: boolean) => readonly AsrEvent[];
  readonly keepAlive?: { readonly intervalMs: number; readonly tick: (ws: WebSocket) => void };
  /**
   * Opens a replacement connection, already greeted, when the vendor closes with 1000 mid-call.
   * Audio sent while it opens is dropped.
   */
  readonly reopen?: () => Promise<WebSocket>;
}

export class AsrSocket {
  private closing = false;
  private reopening: Promise<void> | undefined;
  private reopensWithoutEvents = 0;
  private readonly keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    private ws: WebSocket,
    private readonly vendor: string,
    private readonly options: AsrStreamOptions,
    private readonly handlers: AsrSocketHandlers,
  ) {
    this.attach(ws);
    if (handlers.keepAlive) {
      const { tick, intervalMs } = handlers.keepAlive;
      this.keepAliveTimer = setInterval(() => this.ws.readyState === WebSocket.OPEN && tick(this.ws), intervalMs);
    }
  }

  /** Sends when the socket is open; audio that arrives after close (or while reopening) is dropped. */
  send(data: Buffer | string): void {
    if (this.closing || this.ws.readyState !== WebSocket.OPEN) return;
    if (this.ws.bufferedAmount > MAX_BUFFERED_BYTES) {
      this.fail(`${this.vendor} is not taking audio (over ${MAX_BUFFERED_BYTES} bytes queued)`);
      return;
    }
    this.ws.send(data);
  }

  /** Sends the vendor's goodbye (if any) and closes; no event or error is delivered afterwards. */
  async close(farewell?: Buffer | string): Promise<void> {
    if (farewell !== undefined) this.send(farewell);
    this.stop();
    await this.reopening;
    await closeVendorSocket(this.ws);
  }

  private attach(ws: WebSocket): void {
    const vendor = this.vendor;
    ws.on('message', (data: Buffer, isBinary) => {
      if (this.closing || ws !== this.ws) return;
      let events: readonly AsrEvent[];
      try {
        events = this.handlers.message(data, isBinary);
      } catch (error) {
        this.fail(`${vendor} sent an unreadable message: ${(error as Error).message}`);
        return;
      }
      if (events.length > 0) this.reopensWithoutEvents = 0;
      for (const event of events) if (!this.closing) this.options.onEvent(event);
    });
    ws.on('error', (error) => ws === this.ws && this.fail(`${vendor} connection error: ${error.message}`));
    ws.on('close', (code, reason) => {
      if (ws !== this.ws || this.closing) return;
      if (code === 1000 && this.handlers.reopen && this.reopensWithoutEvents < MAX_REOPENS_WITHOUT_EVENTS) {
        this.reopensWithoutEvents += 1;
        this.reopening = this.reopen(this.handlers.reopen);
        return;
      }
      this.fail(`${vendor} closed the connection (code ${code}${reason.length ? `: ${reason.toString().slice(0, 200)}` : ''})`);
    });
  }

  private async reopen(open: () => Promise<WebSocket>): Promise<void> {
    let ws: WebSocket;
    try {
      ws = await open();
    } catch (error) {
      this.fail(`${this.vendor} ended the connection and it could not be reopened: ${(error as Error).message}`);
      return;
    } finally {
      this.reopening = undefined;
    }
    if (this.closing) {
      await closeVendorSocket(ws);
      return;
    }
    this.ws = ws;
    this.attach(ws);
  }

  private fail(message: string): void {
    if (this.closing) return;
    this.stop();
    this.options.onError(new Error(message));
    void closeVendorSocket(this.ws);
  }

  private stop(): void {
    this.closing = true;
    clearInterval(this.keepAliveTimer);
  }
}
