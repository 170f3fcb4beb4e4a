/**
 * A WebSocket client for the jambonz tests, playing jambonz's side: it connects with a
 * subprotocol (and Basic auth), and hands out the server's frames in order, waiting for each.
 * @module
 */
import WebSocket from 'ws';

export interface FrameReader {
  readonly socket: WebSocket;
  /** The next frame the server sent (text frames as strings, binary as Buffers). */
  next(timeoutMs?: number): Promise<string | Buffer>;
  /** The next text frame, parsed. */
  nextJson(timeoutMs?: number): Promise<Record<string, unknown>>;
  /** Frames received and not yet read. */
  readonly pending: number;
}

export async function connect(url: string, protocol: string, headers: Record<string, string> = {}): Promise<FrameReader> {
  const socket = new WebSocket(url, protocol, { headers });
  const frames: (string | Buffer)[] = [];
  let wake: (() => void) | undefined;
  socket.on('message', (data: Buffer, isBinary) => {
    frames.push(isBinary ? data : data.toString('utf8'));
    wake?.();
  });
  await new Promise<void>((resolve, reject) => {
    socket.once('open', () => resolve());
    socket.once('unexpected-response', (_request, response) => reject(new Error(`HTTP ${response.statusCode}`)));
    socket.once('error', reject);
  });
  const next = async (timeoutMs = 10_000): Promise<string | Buffer> => {
    const deadline = Date.now() + timeoutMs;
    while (frames.length === 0) {
      if (Date.now() > deadline) throw new Error('no frame from the server in time');
      await new Promise<void>((resolve) => {
        wake = resolve;
        setTimeout(resolve, 50);
      });
    }
    return frames.shift()!;
  };
  return {
    socket,
    next,
    async nextJson(timeoutMs) {
      const frame = await next(timeoutMs);
      if (typeof frame !== 'string') throw new Error('binary frame where JSON was expected');
      return JSON.parse(frame) as Record<string, unknown>;
    },
    get pending() {
      return frames.length;
    },
  };
}

/** Why a connection was refused: the HTTP status of the failed upgrade. */
export async function refusedStatus(url: string, protocol: string, headers: Record<string, string> = {}): Promise<number> {
  const socket = new WebSocket(url, protocol, { headers });
  return new Promise((resolve, reject) => {
    socket.once('unexpected-response', (_request, response) => {
      resolve(response.statusCode ?? 0);
      // Aborting a refused handshake reports an error; it is the expected outcome here.
      socket.on('error', () => undefined);
      socket.terminate();
    });
    socket.once('open', () => reject(new Error('the connection was accepted')));
  });
}
