/**
 * Server-sent events on a hijacked fastify reply, with `: keep-alive` comments so proxies and
 * clients do not drop a quiet stream.
 * @module
 */
import type { FastifyReply } from 'fastify';

export interface SseStream {
  send(data: unknown, event?: string): void;
  close(): void;
  /** Aborted when the client goes away. */
  readonly signal: AbortSignal;
}

export function openSse(reply: FastifyReply, keepAliveMs: number): SseStream {
  reply.hijack();
  const raw = reply.raw;
  raw.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-cache', connection: 'keep-alive', 'x-accel-buffering': 'no' });
  raw.flushHeaders();
  const aborter = new AbortController();
  const keepAlive = setInterval(() => raw.write(': keep-alive\n\n'), keepAliveMs);
  keepAlive.unref();
  let open = true;
  const close = () => {
    if (!open) return;
    open = false;
    clearInterval(keepAlive);
    raw.end();
  };
  raw.on('close', () => {
    clearInterval(keepAlive);
    open = false;
    aborter.abort();
  });
  return {
    send(data, event) {
      if (open) raw.write(`${event ? `event: ${event}\n` : ''}data: ${JSON.stringify(data)}\n\n`);
    },
    close,
    signal: aborter.signal,
  };
}
