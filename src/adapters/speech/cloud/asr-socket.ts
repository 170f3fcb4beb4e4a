/**
 * The lifecycle every streaming cloud ASR shares: vendor messages in, `AsrEvent`s out, a keep-alive
 * timer, failure reported once through `onError`, and nothing delivered or left running after close.
 * @module
 */
import WebSocket from 'ws';
import type { AsrEvent, AsrStreamOptions } from '../../../ports/speech.ts';
import { closeVendorSocket } from './vendor-socket.ts';

/** Audio the vendor has not taken yet; past this the connection is stalled and the stream fails. */
const MAX_BUFFERED_BYTES = 4 * 1024 * 1024;

export interface AsrSocketHandlers {
  /** One vendor message; return events to emit, throw to fail the stream. */
  readonly message: (data: Buffer, isBinary: boolean) => readonly AsrEvent[];
  readonly keepAlive?: { readonly intervalMs: number; readonly tick: () => void };
}

export class AsrSocket {
  private closing = false;
  private readonly keepAliveTimer: NodeJS.Timeout | undefined;

  constructor(
    private readonly ws: WebSocket,
    private readonly vendor: string,
    private readonly options: AsrStreamOptions,
    handlers: AsrSocketHandlers,
  ) {
    ws.on('message', (data: Buffer, isBinary) => {
      if (this.closing) return;
      let events: readonly AsrEvent[];
      try {
        events = handlers.message(data, isBinary);
      } catch (error) {
        this.fail(`${vendor} sent an unreadable message: ${(error as Error).message}`);
        return;
      }
      for (const event of events) if (!this.closing) options.onEvent(event);
    });
    ws.on('error', (error) => this.fail(`${vendor} connection error: ${error.message}`));
    ws.on('close', (code, reason) => this.fail(`${vendor} closed the connection (code ${code}${reason.length ? `: ${reason.toString().slice(0, 200)}` : ''})`));
    if (handlers.keepAlive) {
      const { tick, intervalMs } = handlers.keepAlive;
      this.keepAliveTimer = setInterval(() => this.ws.readyState === WebSocket.OPEN && tick(), intervalMs);
    }
  }

  /** Sends when the socket is open; audio that arrives after close is dropped. */
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
    await closeVendorSocket(this.ws);
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
