/**
 * The fake Azure Speech service's side of the WebSocket framing, written from the protocol
 * description rather than shared with the engine, so a framing mistake on either side shows.
 */
import type { ReceivedMessage } from './vendor-ws-server.ts';

export interface AzureFrame {
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

/** Text: `Name: value` lines, CRLF CRLF, body. Binary: u16 BE header length, header lines, payload. */
export function readAzureFrame({ data, isBinary }: ReceivedMessage): AzureFrame {
  let head: string;
  let body: Buffer;
  if (isBinary) {
    const length = (data[0]! << 8) | data[1]!;
    head = data.subarray(2, 2 + length).toString('utf8');
    body = data.subarray(2 + length);
  } else {
    const text = data.toString('utf8');
    const split = text.split('\r\n\r\n');
    head = split[0]!;
    body = Buffer.from(split.slice(1).join('\r\n\r\n'));
  }
  const headers: Record<string, string> = {};
  for (const line of head.split('\r\n').filter(Boolean)) {
    const [name, ...value] = line.split(':');
    headers[name!] = value.join(':').trim();
  }
  return { headers, body };
}

/** A service → client text message. */
export function azureText(path: string, requestId: string, body: unknown): string {
  return `X-RequestId: ${requestId}\r\nPath: ${path}\r\nContent-Type: application/json; charset=utf-8\r\n\r\n${JSON.stringify(body)}`;
}
