/**
 * A browser_audio client over a real WebSocket: records every frame, echoes markers as playback
 * would (at once, or only when the test says), and waits for conditions instead of sleeping.
 */
import { vi } from 'vitest';
import WebSocket from 'ws';

export interface BrowserFrame {
  readonly audio?: string;
  readonly marker?: string;
  readonly latency?: Record<string, number>;
  readonly interruptPlayback?: boolean;
}

export class BrowserClient {
  readonly frames: BrowserFrame[] = [];
  closeCode: number | undefined;
  /** Echo each marker as soon as it arrives (instant playback); off: `echoAll()` plays what is queued. */
  autoEcho: boolean;
  readonly #socket: WebSocket;
  #echoed = 0;

  private constructor(socket: WebSocket, autoEcho: boolean) {
    this.#socket = socket;
    this.autoEcho = autoEcho;
    socket.on('message', (data: Buffer) => {
      const frame = JSON.parse(data.toString()) as BrowserFrame;
      this.frames.push(frame);
      if (this.autoEcho) this.echoAll();
    });
    socket.on('close', (code) => (this.closeCode = code));
  }

  static async connect(url: string, options: { autoEcho?: boolean; query?: string } = {}): Promise<BrowserClient> {
    const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/webhooks/browser_audio/websocket${options.query ?? ''}`);
    const client = new BrowserClient(socket, options.autoEcho ?? true);
    await new Promise<void>((resolve, reject) => {
      socket.once('open', () => resolve());
      socket.once('error', reject);
    });
    return client;
  }

  get socket(): WebSocket {
    return this.#socket;
  }

  markers(): BrowserFrame[] {
    return this.frames.filter((f) => f.marker !== undefined);
  }

  endMarkers(): BrowserFrame[] {
    return this.frames.filter((f) => f.latency !== undefined);
  }

  /** Plays everything received so far: echoes each marker not echoed yet, in order. */
  echoAll(): void {
    const markers = this.markers();
    for (; this.#echoed < markers.length; this.#echoed++) this.send({ marker: markers[this.#echoed]!.marker });
  }

  send(frame: unknown): void {
    if (this.#socket.readyState === WebSocket.OPEN) this.#socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** 20 ms frames of silence at 48 kHz (the channel default), as a browser microphone streams them. */
  sendAudio(frames = 1, bytesPerFrame = 1920): void {
    for (let i = 0; i < frames; i++) this.send({ audio: Buffer.alloc(bytesPerFrame).toString('base64') });
  }

  async until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeout = 10_000): Promise<T> {
    return vi.waitFor(
      async () => {
        const value = await check();
        if (value === undefined || value === false) throw new Error('not yet');
        return value;
      },
      { timeout, interval: 10 },
    );
  }

  close(): Promise<void> {
    if (this.closeCode !== undefined) return Promise.resolve();
    return new Promise((resolve) => {
      this.#socket.once('close', () => resolve());
      this.#socket.close();
    });
  }

  async closed(timeout = 10_000): Promise<number> {
    return this.until(() => this.closeCode, timeout);
  }
}
