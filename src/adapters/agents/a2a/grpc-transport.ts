/**
 * The gRPC transport of an A2A sub-agent: `@a2a-js/sdk`'s gRPC transport (v1.0, and v0.3 for
 * interfaces marked `0.3`) dialling the card's `host:port` with TLS or plaintext as its scheme
 * says, plus a grpc-js interceptor that gives gRPC what the HTTP transports get from our fetch:
 * credentials (as call metadata), a per-request deadline (for streams: until the agent answers),
 * and errors that say what went wrong.
 * @module
 */
import * as grpc from '@grpc/grpc-js';
import type { AgentCard } from '@a2a-js/sdk';
import type { Transport, TransportFactory } from '@a2a-js/sdk/client';
import { GrpcTransportFactory } from '@a2a-js/sdk/client/grpc';
import type { ClientAuth } from '../../../core/assistant.ts';
import type { ClientAuthHeaders } from '../../auth/client-auth-headers.ts';
import { rejectionReason } from './authenticated-fetch.ts';
import { describeError } from './a2a-errors.ts';
import { parseGrpcTarget } from './grpc-target.ts';

const GRPC_BINDING = 'GRPC';

export interface GrpcTransportOptions {
  readonly auth?: ClientAuth;
  /** The headers of `auth`, sent as call metadata. */
  readonly credentials?: ClientAuthHeaders;
  /** Deadline of a unary call, and of a stream's first answer (ms). */
  readonly timeoutMs: number;
}

interface CallSettings {
  readonly target: string;
  readonly credentials?: ClientAuthHeaders;
  readonly auth?: ClientAuth;
  readonly timeoutMs: number;
}

/** Rewrites a failed call's details so that `describeError` tells the user what happened. */
function explain(status: grpc.StatusObject, settings: CallSettings): grpc.StatusObject {
  const { code } = status;
  if (code === grpc.status.UNAUTHENTICATED || code === grpc.status.PERMISSION_DENIED) {
    return { ...status, details: `the agent ${rejectionReason(settings.auth)}: gRPC ${grpc.status[code]} (${status.details})` };
  }
  if (code === grpc.status.DEADLINE_EXCEEDED) return { ...status, details: `no answer from ${settings.target} within ${settings.timeoutMs} ms` };
  if (code === grpc.status.UNAVAILABLE) return { ...status, details: `cannot reach the agent at ${settings.target} (${status.details})` };
  return status;
}

function callInterceptor(settings: CallSettings): grpc.Interceptor {
  return (options, nextCall) => {
    const streaming = options.method_definition.responseStream;
    // A stream legitimately runs for as long as the task; the caller's signal bounds it.
    const next = nextCall(streaming ? options : { ...options, deadline: Date.now() + settings.timeoutMs });
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = () => clearTimeout(timer);
    const call: grpc.InterceptingCall = new grpc.InterceptingCall(next, {
      start(metadata, _listener, start) {
        const watched: grpc.Listener = {
          onReceiveMetadata(received, forward) {
            answered();
            forward(received);
          },
          onReceiveMessage(message, forward) {
            answered();
            forward(message);
          },
          onReceiveStatus(status, forward) {
            answered();
            if (status.code === grpc.status.UNAUTHENTICATED) settings.credentials?.invalidate();
            forward(status.code === grpc.status.OK ? status : explain(status, settings));
          },
        };
        const begin = () => {
          start(metadata, watched);
          if (streaming) timer = setTimeout(() => call.cancelWithStatus(grpc.status.DEADLINE_EXCEEDED, 'deadline'), settings.timeoutMs);
        };
        if (!settings.credentials) return begin();
        settings.credentials.headers().then(
          (headers) => {
            for (const [name, value] of Object.entries(headers)) metadata.set(name.toLowerCase(), value);
            begin();
          },
          (error: unknown) => {
            // No credentials, no request: start the call only to end it with the reason (not blamed on the agent).
            start(metadata, {});
            call.cancelWithStatus(grpc.status.UNAUTHENTICATED, `cannot get credentials: ${describeError(error)}`);
          },
        );
      },
    });
    return call;
  };
}

/** The card with its gRPC interface urls as grpc-js targets, so the SDK matches the one we dial. */
function withTargets(card: AgentCard): AgentCard {
  return {
    ...card,
    supportedInterfaces: card.supportedInterfaces.map((i) => (i.protocolBinding.toUpperCase() === GRPC_BINDING ? { ...i, url: parseGrpcTarget(i.url)?.target ?? i.url } : i)),
  };
}

/** A `TransportFactory` for the SDK's `ClientFactory`. */
export function grpcTransportFactory(options: GrpcTransportOptions): TransportFactory {
  return {
    protocolName: GRPC_BINDING,
    create(url: string, agentCard: AgentCard): Promise<Transport> {
      const parsed = parseGrpcTarget(url);
      if (!parsed) return Promise.reject(new Error(`gRPC interface url '${url}' is not host:port or a grpc(s)/http(s) URL`));
      const settings: CallSettings = { target: parsed.target, timeoutMs: options.timeoutMs, ...(options.credentials ? { credentials: options.credentials } : {}), ...(options.auth ? { auth: options.auth } : {}) };
      const factory = new GrpcTransportFactory({
        grpcChannelCredentials: parsed.tls ? grpc.credentials.createSsl() : grpc.credentials.createInsecure(),
        grpcCallOptions: { interceptors: [callInterceptor(settings)] },
        legacyCompat: { enabled: true },
      });
      return factory.create(parsed.target, withTargets(agentCard));
    },
  };
}
