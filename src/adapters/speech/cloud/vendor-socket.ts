/**
 * WebSocket connections to speech vendors: connect with auth headers and a deadline, turn a
 * refused handshake into an error that says what to check (never the key), and close without
 * leaving the socket or a timer behind.
 * @module
 */
import WebSocket from 'ws';

/** Vendor messages are small JSON results; anything bigger is refused by the socket. */
const MAX_MESSAGE_BYTES = 1024 * 1024;
/** How long a closing handshake may take before the socket is dropped. */
const CLOSE_GRACE_MS = 2000;

export interface VendorSocketOptions {
  readonly vendor: string;
  readonly url: string;
  readonly headers: Readonly<Record<string, string>>;
  readonly timeoutMs: number;
  /** Which setting to check when the vendor answers 401/403. */
  readonly keyHint: string;
}

/** Opens the socket; rejects with a clear message when the vendor is unreachable or refuses. */
export function connectVendorSocket(options: VendorSocketOptions): Promise<WebSocket> {
  const { vendor, url } = options;
  const where = redactedUrl(url);
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(url, { headers: options.headers, handshakeTimeout: options.timeoutMs, maxPayload: MAX_MESSAGE_BYTES });
    const fail = (message: string) => {
      ws.removeAllListeners();
      ws.on('error', () => {});
      ws.terminate();
      reject(new Error(message));
    };
    ws.once('unexpected-response', (_request, response) => {
      const status = response.statusCode ?? 0;
      response.resume();
      const hint = status === 401 || status === 403 ? `: check ${options.keyHint}` : '';
      fail(`${vendor} refused the connection to ${where} with HTTP ${status}${hint}`);
    });
    ws.once('error', (error) => fail(`${vendor}: cannot connect to ${where}: ${error.message}`));
    ws.once('open', () => {
      ws.removeAllListeners();
      resolve(ws);
    });
  });
}

/** Closes politely, then drops the socket if the vendor does not answer in time; resolves once closed. */
export function closeVendorSocket(ws: WebSocket): Promise<void> {
  if (ws.readyState === WebSocket.CLOSED) return Promise.resolve();
  return new Promise((resolve) => {
    const timer = setTimeout(() => ws.terminate(), CLOSE_GRACE_MS);
    ws.once('close', () => {
      clearTimeout(timer);
      resolve();
    });
    if (ws.readyState === WebSocket.OPEN) ws.close(1000);
  });
}

/** The URL without its query: enough to say where, without request details in logs. */
export function redactedUrl(url: string): string {
  const parsed = new URL(url);
  return `${parsed.protocol}//${parsed.host}${parsed.pathname}`;
}
