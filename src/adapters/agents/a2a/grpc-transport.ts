/**
 * The gRPC transport of an A2A sub-agent: `@a2a-js/sdk`'s gRPC transport (v1.0, and v0.3 for
 * interfaces marked `0.3`) dialling the card's `host:port` with TLS or plaintext as its scheme
 * says, plus a grpc-js interceptor that gives gRPC what the HTTP transports get from our fetch:
 * credentials (as call metadata, refreshed and the call replayed once after UNAUTHENTICATED), a
 * per-request deadline (for streams: until the agent answers), and errors that say what went wrong.
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

/** What grpc-js's `nextCall` returns (the type is not exported by name). */
type NextCallResult = ReturnType<Parameters<grpc.Interceptor>[1]>;

function callInterceptor(settings: CallSettings): grpc.Interceptor {
  return (options, nextCall) => {
    const streaming = options.method_definition.responseStream;
    // A stream legitimately runs for as long as the task; the caller's signal bounds it.
    const callOptions = streaming ? options : { ...options, deadline: Date.now() + settings.timeoutMs };
    let timer: ReturnType<typeof setTimeout> | undefined;
    const answered = () => clearTimeout(timer);
    const sent: unknown[] = [];
    let halfClosed = false;
    let received = false;
    let metadataForwarded = false;
    let heldNull: (() => void) | undefined;

    /** Starts one attempt on `target` with the current credentials; `onStatus` decides what a status means. */
    const attempt = (target: NextCallResult | undefined, metadata: grpc.Metadata, listener: grpc.InterceptingListener, start?: (m: grpc.Metadata, l: grpc.Listener) => void) => {
      const watched: grpc.Listener = {
        onReceiveMetadata(meta, forward) {
          answered();
          if (!metadataForwarded) (start ? forward : listener.onReceiveMetadata.bind(listener))(meta);
          metadataForwarded = true;
        },
        onReceiveMessage(message, forward) {
          answered();
          // A failed unary call delivers a null message before its status: held until we know whether it is replayed.
          if (message === null) heldNull = () => (start ? forward : listener.onReceiveMessage.bind(listener))(message);
          else {
            received = true;
            (start ? forward : listener.onReceiveMessage.bind(listener))(message);
          }
        },
        onReceiveStatus(status, forward) {
          answered();
          const deliver = start ? forward : listener.onReceiveStatus.bind(listener);
          // Like the HTTP transports: a rejected OAuth token is replaced and the call replayed once, unless the agent already answered.
          if (status.code === grpc.status.UNAUTHENTICATED && settings.credentials?.invalidate() && start && !received) {
            heldNull = undefined;
            return void attempt(nextCall(callOptions), metadata.clone(), listener);
          }
          heldNull?.();
          deliver(status.code === grpc.status.OK ? status : explain(status, settings));
        },
      };
      const begin = (meta: grpc.Metadata) => {
        if (start) start(meta, watched);
        else {
          // A replay talks to the next interceptor directly; its answers go to the caller's listener (see `watched`).
          const ignore = () => undefined;
          target!.start(meta, {
            onReceiveMetadata: (m) => watched.onReceiveMetadata!(m, ignore),
            onReceiveMessage: (m) => watched.onReceiveMessage!(m, ignore),
            onReceiveStatus: (st) => watched.onReceiveStatus!(st, ignore),
          });
          for (const message of sent) target!.sendMessage(message);
          if (halfClosed) target!.halfClose();
        }
        if (streaming) timer = setTimeout(() => call.cancelWithStatus(grpc.status.DEADLINE_EXCEEDED, 'deadline'), settings.timeoutMs);
      };
      if (!settings.credentials) return begin(metadata);
      settings.credentials.headers().then(
        (headers) => {
          for (const [name, value] of Object.entries(headers)) metadata.set(name.toLowerCase(), value);
          begin(metadata);
        },
        (error: unknown) => {
          // No credentials, no request: start the call only to end it with the reason (not blamed on the agent).
          if (start) start(metadata, {});
          else target!.start(metadata, {});
          call.cancelWithStatus(grpc.status.UNAUTHENTICATED, `cannot get credentials: ${describeError(error)}`);
        },
      );
    };

    const call: grpc.InterceptingCall = new grpc.InterceptingCall(nextCall(callOptions), {
      start(metadata, listener, start) {
        attempt(undefined, metadata, listener, start);
      },
      sendMessage(message, next) {
        sent.push(message);
        next(message);
      },
      halfClose(next) {
        halfClosed = true;
        next();
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
