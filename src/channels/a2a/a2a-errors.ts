/**
 * Protocol errors with their JSON-RPC codes (A2A spec §1.6 of the reference) and HTTP statuses,
 * plus three server-defined codes in the JSON-RPC implementation range.
 * @module
 */

const ERRORS = {
  parse_error: { code: -32700, rest: 400, reason: 'PARSE_ERROR', grpc: 'INVALID_ARGUMENT' },
  invalid_request: { code: -32600, rest: 400, reason: 'INVALID_REQUEST', grpc: 'INVALID_ARGUMENT' },
  method_not_found: { code: -32601, rest: 404, reason: 'METHOD_NOT_FOUND', grpc: 'UNIMPLEMENTED' },
  invalid_params: { code: -32602, rest: 400, reason: 'INVALID_PARAMS', grpc: 'INVALID_ARGUMENT' },
  internal_error: { code: -32603, rest: 500, reason: 'INTERNAL_ERROR', grpc: 'INTERNAL' },
  task_not_found: { code: -32001, rest: 404, reason: 'TASK_NOT_FOUND', grpc: 'NOT_FOUND' },
  task_not_cancelable: { code: -32002, rest: 400, reason: 'TASK_NOT_CANCELABLE', grpc: 'FAILED_PRECONDITION' },
  push_not_supported: { code: -32003, rest: 400, reason: 'PUSH_NOTIFICATION_NOT_SUPPORTED', grpc: 'FAILED_PRECONDITION' },
  unsupported_operation: { code: -32004, rest: 400, reason: 'UNSUPPORTED_OPERATION', grpc: 'FAILED_PRECONDITION' },
  content_type_not_supported: { code: -32005, rest: 400, reason: 'CONTENT_TYPE_NOT_SUPPORTED', grpc: 'INVALID_ARGUMENT' },
  extended_card_not_configured: { code: -32007, rest: 400, reason: 'EXTENDED_AGENT_CARD_NOT_CONFIGURED', grpc: 'FAILED_PRECONDITION' },
  version_not_supported: { code: -32009, rest: 400, reason: 'VERSION_NOT_SUPPORTED', grpc: 'FAILED_PRECONDITION' },
  /** The orchestrator's bearer JWT is missing or invalid (task state `auth-required`). */
  auth_required: { code: -32031, rest: 401, reason: 'AUTH_REQUIRED', grpc: 'UNAUTHENTICATED' },
  /** The same (contextId, messageId) is being processed right now. */
  duplicate_in_flight: { code: -32032, rest: 409, reason: 'MESSAGE_IN_FLIGHT', grpc: 'ABORTED' },
  /** `max_contexts` reached. */
  too_many_contexts: { code: -32033, rest: 429, reason: 'TOO_MANY_CONTEXTS', grpc: 'RESOURCE_EXHAUSTED' },
  payload_too_large: { code: -32600, rest: 413, reason: 'PAYLOAD_TOO_LARGE', grpc: 'INVALID_ARGUMENT' },
  /** The request body is not declared as JSON (`Content-Type`). */
  unsupported_media_type: { code: -32600, rest: 415, reason: 'UNSUPPORTED_MEDIA_TYPE', grpc: 'INVALID_ARGUMENT' },
} as const;

export type A2aErrorKind = keyof typeof ERRORS;

/** Errors whose HTTP status differs from 200 on the JSON-RPC binding too. */
const JSON_RPC_HTTP_STATUS: Partial<Record<A2aErrorKind, number>> = {
  auth_required: 401,
  duplicate_in_flight: 409,
  too_many_contexts: 429,
  payload_too_large: 413,
  unsupported_media_type: 415,
};

export class A2aError extends Error {
  constructor(
    readonly kind: A2aErrorKind,
    message: string,
    readonly details?: Readonly<Record<string, unknown>>,
  ) {
    super(message);
    this.name = 'A2aError';
  }

  get code(): number {
    return ERRORS[this.kind].code;
  }

  get jsonRpcHttpStatus(): number {
    return JSON_RPC_HTTP_STATUS[this.kind] ?? 200;
  }

  get restHttpStatus(): number {
    return ERRORS[this.kind].rest;
  }

  /** google.rpc.ErrorInfo, as v1.0 puts in `error.data` / `error.details`. */
  errorInfo(): Record<string, unknown> {
    return {
      '@type': 'type.googleapis.com/google.rpc.ErrorInfo',
      reason: ERRORS[this.kind].reason,
      domain: 'a2a-protocol.org',
      ...(this.details ? { metadata: stringValues(this.details) } : {}),
    };
  }

  get grpcStatus(): string {
    return ERRORS[this.kind].grpc;
  }
}

/** ErrorInfo metadata is a map of strings. */
function stringValues(details: Readonly<Record<string, unknown>>): Record<string, string> {
  return Object.fromEntries(Object.entries(details).map(([k, v]) => [k, typeof v === 'string' ? v : JSON.stringify(v)]));
}
