/**
 * Framing of Azure Speech's WebSocket protocol (the one its SDKs speak). Text messages are
 * `Name: value` header lines, a blank line and a body; binary messages are a 2-byte big-endian
 * header length, the header lines and the payload. Every message carries `Path` and `X-RequestId`.
 * @module
 */
import type { AudioFormat } from '../../../ports/speech.ts';

export type SpeechHeaders = Readonly<Record<string, string>>;

const headerLines = (headers: SpeechHeaders) =>
  Object.entries(headers)
    .map(([name, value]) => `${name}: ${value}\r\n`)
    .join('');

export function textMessage(headers: SpeechHeaders, body: string): string {
  return `${headerLines(headers)}\r\n${body}`;
}

export function binaryMessage(headers: SpeechHeaders, payload: Uint8Array): Buffer {
  const head = Buffer.from(headerLines(headers), 'utf8');
  const prefix = Buffer.alloc(2);
  prefix.writeUInt16BE(head.length);
  return Buffer.concat([prefix, head, payload]);
}

export interface ParsedMessage {
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string>>;
  readonly body: Buffer;
}

/** Reads either kind of message; throws on a frame that does not follow the framing. */
export function parseMessage(data: Buffer, isBinary: boolean): ParsedMessage {
  if (isBinary) {
    if (data.length < 2) throw new Error('binary message shorter than its header length');
    const length = data.readUInt16BE(0);
    if (data.length < 2 + length) throw new Error('binary message shorter than its headers');
    return { headers: parseHeaders(data.subarray(2, 2 + length).toString('utf8')), body: data.subarray(2 + length) };
  }
  const text = data.toString('utf8');
  const end = text.indexOf('\r\n\r\n');
  if (end < 0) throw new Error('text message without a blank line after its headers');
  return { headers: parseHeaders(text.slice(0, end)), body: Buffer.from(text.slice(end + 4), 'utf8') };
}

function parseHeaders(block: string): Record<string, string> {
  const headers: Record<string, string> = {};
  for (const line of block.split('\r\n')) {
    const colon = line.indexOf(':');
    if (colon > 0) headers[line.slice(0, colon).trim().toLowerCase()] = line.slice(colon + 1).trim();
  }
  return headers;
}

/** The RIFF header the service reads the audio format from; the length fields say "streaming". */
export function wavHeader(format: AudioFormat): Buffer {
  const mulaw = format.encoding === 'mulaw';
  const bitsPerSample = mulaw ? 8 : 16;
  const blockAlign = bitsPerSample / 8;
  const header = Buffer.alloc(44);
  header.write('RIFF', 0, 'ascii');
  header.writeUInt32LE(0, 4);
  header.write('WAVE', 8, 'ascii');
  header.write('fmt ', 12, 'ascii');
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(mulaw ? 7 : 1, 20); // WAVE_FORMAT_MULAW or WAVE_FORMAT_PCM
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(format.sampleRate, 24);
  header.writeUInt32LE(format.sampleRate * blockAlign, 28);
  header.writeUInt16LE(blockAlign, 32);
  header.writeUInt16LE(bitsPerSample, 34);
  header.write('data', 36, 'ascii');
  header.writeUInt32LE(0, 40);
  return header;
}
