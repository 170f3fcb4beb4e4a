/**
 * The optional gRPC listener of the A2A server (`a2a_server.grpc_port`): gRPC needs its own HTTP/2
 * port, which fastify's plugin model does not give. `@a2a-js/sdk`'s v1.0 (`lf.a2a.v1`) and v0.3
 * (`a2a.v1`) gRPC services run on our task service; the bearer JWT travels as `authorization`
 * metadata, `A2A-Version` as `a2a-version` metadata (missing = 0.3).
 * @module
 */
import { createPrivateKey } from 'node:crypto';
import * as grpc from '@grpc/grpc-js';
import { A2AService, grpcService } from '@a2a-js/sdk/server/grpc';
import { LegacyA2AService, legacyGrpcService } from '@a2a-js/sdk/compat/v0_3/server/grpc';
import { A2aError } from './a2a-errors.ts';
import { createA2aServices } from './a2a-services.ts';
import { toGrpcError } from './grpc-errors.ts';
import { GrpcRequestHandler, type GrpcUser } from './grpc-request-handler.ts';
import { createJwtVerifier, type JwtVerifier } from './jwt-verifier.ts';
import type { A2aPluginDeps } from './plugin-deps.ts';

export interface A2aGrpcServerOptions extends A2aPluginDeps {
  /** 0 picks a free port (tests). */
  readonly port: number;
  readonly host: string;
  /** How long `close()` waits for open calls before cutting them (ms, default 5000). */
  readonly shutdownGraceMs?: number;
  /** Serve TLS with this certificate (PEM) and key, as the HTTP server does with `--ssl-certificate`/`--ssl-keyfile`. */
  readonly tls?: { readonly cert: Buffer; readonly key: Buffer; readonly passphrase?: string };
}

/** grpc-js takes no key passphrase: an encrypted key is decrypted here. */
function serverCredentials(tls: A2aGrpcServerOptions['tls']): grpc.ServerCredentials {
  if (!tls) return grpc.ServerCredentials.createInsecure();
  const key = tls.passphrase ? Buffer.from(createPrivateKey({ key: tls.key, passphrase: tls.passphrase }).export({ format: 'pem', type: 'pkcs8' })) : tls.key;
  return grpc.ServerCredentials.createSsl(null, [{ cert_chain: tls.cert, private_key: key }], false);
}

export interface A2aGrpcServer {
  /** The bound port. */
  readonly port: number;
  /** Waits until queued push deliveries are done. */
  pushIdle(): Promise<void>;
  close(): Promise<void>;
}

type ServerCall = grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>;

/**
 * The orchestrator behind a call: the JWT subject when `auth` is configured; a refusal is
 * UNAUTHENTICATED before anything runs. The user also carries the call's cancellation, which the
 * SDK does not hand to the request handler otherwise (a subscription ends when its client leaves).
 */
function userBuilder(verifyJwt: JwtVerifier | undefined) {
  return async (call: ServerCall): Promise<GrpcUser> => {
    const cancelled = new AbortController();
    call.on('cancelled', () => cancelled.abort());
    if (!verifyJwt) return { isAuthenticated: false, userName: '', signal: cancelled.signal };
    const header = call.metadata.get('authorization')[0];
    try {
      const { subject } = await verifyJwt(typeof header === 'string' ? header : header?.toString('utf8'));
      return { isAuthenticated: subject !== undefined, userName: subject ?? '', signal: cancelled.signal };
    } catch (error) {
      throw error instanceof A2aError ? toGrpcError(error) : error;
    }
  };
}

function address(host: string, port: number): string {
  return `${host.includes(':') && !host.startsWith('[') ? `[${host}]` : host}:${port}`;
}

/** Starts the gRPC listener; the lead's `run` wires it next to the HTTP server when `grpc_port` is set. */
export async function startA2aGrpcServer(options: A2aGrpcServerOptions): Promise<A2aGrpcServer> {
  const { service, cards, pushIdle } = createA2aServices(options);
  const verifyJwt = options.config.auth ? await createJwtVerifier(options.config.auth, options.assistant().root, options.fetch) : undefined;
  const requestHandler = new GrpcRequestHandler({ service, cards, assistant: options.assistant, logger: options.logger });
  const maxBytes = options.bodyLimitBytes ?? 1024 * 1024;
  const server = new grpc.Server({ 'grpc.max_receive_message_length': maxBytes });
  const users = userBuilder(verifyJwt);
  server.addService(A2AService, grpcService({ requestHandler, userBuilder: users }));
  server.addService(LegacyA2AService, legacyGrpcService({ requestHandler, userBuilder: users }));
  const port = await new Promise<number>((resolve, reject) =>
    server.bindAsync(address(options.host, options.port), serverCredentials(options.tls), (error, bound) => (error ? reject(error) : resolve(bound))),
  );
  options.logger.info({ port, host: options.host, tls: options.tls !== undefined }, 'A2A gRPC server listening');
  const graceMs = options.shutdownGraceMs ?? 5000;
  return {
    port,
    pushIdle,
    close: () =>
      new Promise<void>((resolve) => {
        const timer = setTimeout(() => {
          server.forceShutdown();
          resolve();
        }, graceMs);
        server.tryShutdown(() => {
          clearTimeout(timer);
          resolve();
        });
      }),
  };
}
