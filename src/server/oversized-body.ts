/**
 * The rule for bodies over the limit, so a client can always read the 413: the server reads and
 * discards the rest of an oversized upload (up to `DRAIN_LIMIT_BYTES`, for at most `DRAIN_TIMEOUT_MS`)
 * before it answers, and keeps the connection open. Past either bound it answers at once and closes
 * the connection; a client still sending may then see the connection reset instead of the 413.
 * Fastify alone always answers at once and closes, which races the client's upload (EPIPE).
 * @module
 */
import type { FastifyReply, FastifyRequest } from 'fastify';

export const DRAIN_LIMIT_BYTES = 16 * 1024 * 1024;
export const DRAIN_TIMEOUT_MS = 10_000;

/** Calls `answer` once the rest of the request body is read, or at once when it may not be. */
export function drainThenAnswer(request: FastifyRequest, reply: FastifyReply, answer: () => void): void {
  const raw = request.raw;
  const declared = Number(request.headers['content-length']);
  if (raw.readableEnded || raw.destroyed || declared > DRAIN_LIMIT_BYTES) {
    answer();
    return;
  }
  let received = 0;
  const finish = (drained: boolean) => {
    clearTimeout(timer);
    raw.off('data', onData).off('end', onEnd).off('error', onError).off('close', onError);
    if (drained) reply.removeHeader('connection');
    else raw.pause();
    answer();
  };
  const onData = (chunk: Buffer) => {
    received += chunk.length;
    if (received > DRAIN_LIMIT_BYTES) finish(false);
  };
  const onEnd = () => finish(true);
  const onError = () => finish(false);
  const timer = setTimeout(() => finish(false), DRAIN_TIMEOUT_MS);
  raw.on('data', onData).once('end', onEnd).once('error', onError).once('close', onError);
  raw.resume();
}
