/**
 * Errors of the A2A client, each with a message that says what the peer did wrong.
 * @module
 */

/** The peer could not be reached or answered 429/502/503/504: worth another try. */
export class PeerUnavailableError extends Error {
  override readonly name = 'PeerUnavailableError';
}

/** The peer took longer than allowed. */
export class PeerTimeoutError extends Error {
  override readonly name = 'PeerTimeoutError';
}

/** The peer sent more bytes than allowed. */
export class PeerResponseTooLargeError extends Error {
  override readonly name = 'PeerResponseTooLargeError';
}

/** The peer refused the credentials (HTTP 401/403). */
export class PeerAuthError extends Error {
  override readonly name = 'PeerAuthError';
}

/** The agent card is missing, unreadable or not an A2A card. */
export class AgentCardError extends Error {
  override readonly name = 'AgentCardError';
}

const NETWORK_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'EPIPE', 'ENOTFOUND', 'EAI_AGAIN', 'UND_ERR_SOCKET', 'UND_ERR_CONNECT_TIMEOUT']);

function causeCode(error: unknown): string | undefined {
  for (let e: unknown = error, depth = 0; e && depth < 5; e = (e as { cause?: unknown }).cause, depth++) {
    const code = (e as { code?: unknown }).code;
    if (typeof code === 'string') return code;
  }
  return undefined;
}

/** gRPC status UNAVAILABLE: the channel could not connect, or the peer shed load. */
const GRPC_UNAVAILABLE = 14;

/** The gRPC status of an `@a2a-js/sdk` gRPC transport error. */
function grpcStatusOf(error: unknown): number | undefined {
  const e = error as { transport?: unknown; status?: unknown } | null;
  return e?.transport === 'grpc' && typeof e.status === 'number' ? e.status : undefined;
}

/** A connection-level failure (`fetch failed`, refused, reset, gRPC UNAVAILABLE) or an overloaded peer. */
export function isTransient(error: unknown): boolean {
  if (error instanceof PeerUnavailableError) return true;
  if (grpcStatusOf(error) === GRPC_UNAVAILABLE) return true;
  const code = causeCode(error);
  if (code && NETWORK_CODES.has(code)) return true;
  return error instanceof TypeError && error.message === 'fetch failed';
}

/** One line for logs and `error_message`; network failures name their cause. */
export function describeError(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = causeCode(error);
  if (error instanceof TypeError && error.message === 'fetch failed') {
    const detail = code ?? (error.cause instanceof Error ? error.cause.message : undefined);
    return `cannot reach the agent${detail ? ` (${detail})` : ''}`;
  }
  if (error instanceof SyntaxError) return `the agent sent malformed JSON (${error.message})`;
  return error.message;
}
