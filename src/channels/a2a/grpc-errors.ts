/**
 * Our protocol errors as the errors `@a2a-js/sdk`'s gRPC service turns into a gRPC status: the
 * status code from our table, and `google.rpc.ErrorInfo` details where the SDK knows the reason.
 * @module
 */
import * as grpc from '@grpc/grpc-js';
import { A2AError } from '@a2a-js/sdk/errors';
import {
  GrpcContentTypeNotSupportedError,
  GrpcExtendedAgentCardNotConfiguredError,
  GrpcPushNotificationNotSupportedError,
  GrpcRequestMalformedError,
  GrpcTaskNotCancelableError,
  GrpcTaskNotFoundError,
  GrpcUnsupportedOperationError,
  GrpcVersionNotSupportedError,
} from '@a2a-js/sdk/errors/grpc';
import type { A2aError, A2aErrorKind } from './a2a-errors.ts';

type GrpcErrorClass = new (options: { message: string; status: number; metadata?: Record<string, string> }) => A2AError;

/** Kinds the SDK has a class (and so an ErrorInfo reason) for. */
const SDK_CLASSES: Partial<Record<A2aErrorKind, GrpcErrorClass>> = {
  task_not_found: GrpcTaskNotFoundError,
  task_not_cancelable: GrpcTaskNotCancelableError,
  push_not_supported: GrpcPushNotificationNotSupportedError,
  unsupported_operation: GrpcUnsupportedOperationError,
  content_type_not_supported: GrpcContentTypeNotSupportedError,
  extended_card_not_configured: GrpcExtendedAgentCardNotConfiguredError,
  version_not_supported: GrpcVersionNotSupportedError,
  invalid_params: GrpcRequestMalformedError,
};

/** A status without ErrorInfo (auth, in-flight duplicate, max_contexts, internal errors). */
class GrpcStatusError extends A2AError {
  readonly transport = 'grpc';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super({ message });
  }
}

export function toGrpcError(error: A2aError): A2AError {
  const status = grpc.status[error.grpcStatus as keyof typeof grpc.status];
  const known = SDK_CLASSES[error.kind];
  if (!known) return new GrpcStatusError(status, error.message);
  const metadata = (error.errorInfo() as { metadata?: Record<string, string> }).metadata;
  return new known({ message: error.message, status, ...(metadata ? { metadata } : {}) });
}
