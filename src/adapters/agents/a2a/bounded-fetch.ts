/**
 * A `fetch` that bounds what a peer can do to us: a deadline for the answer (headers and, for
 * plain responses, the whole body), a byte limit for bodies, and a byte limit for SSE streams.
 * Streams are bounded in time by the caller's signal (`max_polling_time`), not by the request
 * timeout, since a long task legitimately streams for longer.
 * @module
 */
import { withTraceContext } from '../../tracing/trace-headers.ts';
import { readLimited } from '../../http/read-limited.ts';
import { PeerResponseTooLargeError, PeerTimeoutError, PeerUnavailableError } from './a2a-errors.ts';

export interface FetchLimits {
  /** Deadline for a response (ms). */
  readonly timeoutMs: number;
  /** Largest plain (non-stream) response body (bytes). */
  readonly maxResponseBytes: number;
  /** Largest total of one SSE stream (bytes). */
  readonly maxStreamBytes: number;
}

const RETRYABLE_STATUS = new Set([429, 502, 503, 504]);
const NULL_BODY_STATUS = new Set([101, 204, 205, 304]);

function urlOf(input: Parameters<typeof fetch>[0]): string {
  return typeof input === 'string' ? input : input instanceof URL ? input.href : input.url;
}

function limitStream(body: ReadableStream<Uint8Array>, maxBytes: number, url: string): ReadableStream<Uint8Array> {
  let total = 0;
  return body.pipeThrough(
    new TransformStream<Uint8Array, Uint8Array>({
      transform(chunk, controller) {
        total += chunk.byteLength;
        if (total > maxBytes) controller.error(new PeerResponseTooLargeError(`the event stream of ${url} is larger than ${maxBytes} bytes`));
        else controller.enqueue(chunk);
      },
    }),
  );
}

export function boundedFetch(base: typeof fetch, limits: FetchLimits): typeof fetch {
  return async (input, init) => {
    const url = urlOf(input);
    const deadline = new AbortController();
    const timer = setTimeout(() => deadline.abort(new PeerTimeoutError(`no answer from ${url} within ${limits.timeoutMs} ms`)), limits.timeoutMs);
    const signal = init?.signal ? AbortSignal.any([init.signal, deadline.signal]) : deadline.signal;
    try {
      let response: Response;
      try {
        response = await base(input, { ...init, headers: withTraceContext(init?.headers), signal });
      } catch (error) {
        if (deadline.signal.aborted) throw deadline.signal.reason as Error;
        throw error;
      }
      if (RETRYABLE_STATUS.has(response.status)) {
        await response.body?.cancel();
        throw new PeerUnavailableError(`${url} answered HTTP ${response.status}`);
      }
      const declared = Number(response.headers.get('content-length') ?? NaN);
      if (declared > limits.maxResponseBytes) {
        await response.body?.cancel();
        throw new PeerResponseTooLargeError(`the response of ${url} is larger than ${limits.maxResponseBytes} bytes (${declared})`);
      }
      if (!response.body || NULL_BODY_STATUS.has(response.status)) return response;
      const init2 = { status: response.status, statusText: response.statusText, headers: response.headers };
      if ((response.headers.get('content-type') ?? '').includes('text/event-stream')) {
        clearTimeout(timer);
        return new Response(limitStream(response.body, limits.maxStreamBytes, url), init2);
      }
      try {
        return new Response(await readLimited(response.body, limits.maxResponseBytes, () => new PeerResponseTooLargeError(`the response of ${url} is larger than ${limits.maxResponseBytes} bytes`)), init2);
      } catch (error) {
        if (deadline.signal.aborted) throw deadline.signal.reason as Error;
        throw error;
      }
    } finally {
      clearTimeout(timer);
    }
  };
}
