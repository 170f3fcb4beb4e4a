/**
 * `colloquy run`: serve the assistant over HTTP (REST, socket.io, the HTTP API and A2A on one port), like `rasa run`.
 * @module
 */
import type { Command } from 'commander';
import type { TaskEvent } from '../../channels/a2a/task-model.ts';
import { EXIT, type CliIo } from '../io.ts';
import { freePort } from '../../server/free-port.ts';
import type { ExtraPlugin } from '../../server/server-options.ts';
import { createLogger } from '../logger.ts';
import { openRuntime } from '../open-runtime.ts';
import { speechEnginesOf } from '../speech-engines.ts';
import type { InspectionLog } from '../../adapters/inspection/inspection-log.ts';

/** The flags of `run` (and `inspect`), as commander hands them over. */
export interface RunOptions {
  project: string;
  model?: string;
  port: string;
  interface: string;
  enableApi: boolean;
  authToken?: string;
  jwtSecret?: string;
  jwtMethod: string;
  cors: string[];
  credentials?: string;
  endpoints?: string;
  sslCertificate?: string;
  sslKeyfile?: string;
  sslPassword?: string;
  responseTimeout: string;
  logLevel?: string;
}

/** What a command serving through `serve` adds to `run`. */
export interface ServeExtras {
  /** More routes on the same server (the inspector). */
  readonly plugins?: readonly ExtraPlugin[];
  /** Text printed after the server listens, given its URL. */
  readonly announce?: (url: string) => string;
  /** Records turns in detail, served at `GET /conversations/{id}/inspection` (the inspector). */
  readonly inspection?: InspectionLog;
}

export function registerRun(program: Command, io: CliIo, setExit: (code: number) => void): void {
  addServeOptions(program.command('run').description('serve the assistant over HTTP: channels, HTTP API and A2A on one port')).action(
    async (opts: RunOptions) => {
      setExit(await serve(opts, io));
    },
  );
}

/** Adds `run`'s flags (Rasa's `rasa run` flags) to a command. */
export function addServeOptions(command: Command): Command {
  return command
    .option('-p, --port <port>', 'port to listen on', '5005')
    .option('-i, --interface <host>', 'interface to bind', '0.0.0.0')
    .option('--project <dir>', 'project folder', '.')
    .option('-m, --model <file>', 'a trained model bundle (default: load the project files)')
    .option('--enable-api', 'serve the HTTP API (/conversations, /domain, /model…)', false)
    .option('-t, --auth-token <token>', 'token the HTTP API requires (?token=)')
    .option('--jwt-secret <secret>', 'secret (or PEM public key) for JWT bearer auth of the HTTP API')
    .option('--jwt-method <alg>', 'JWT algorithm', 'HS256')
    .option('--cors <origin...>', 'allowed CORS origins (* for any)', [])
    .option('--credentials <file>', 'channel credentials (default: the project credentials.yml)')
    .option('--endpoints <file>', 'endpoints configuration (default: the project endpoints.yml)')
    .option('--ssl-certificate <file>', 'TLS certificate (PEM)')
    .option('--ssl-keyfile <file>', 'TLS private key (PEM)')
    .option('--ssl-password <password>', 'passphrase of the TLS key')
    .option('--response-timeout <seconds>', 'longest a request waits for a turn', '3600')
    .option('--log-level <level>', 'debug, info, warn or error (default: LOG_LEVEL or info)');
}

/** Serves the assistant until SIGINT or SIGTERM; resolves to the exit code. */
export async function serve(opts: RunOptions, io: CliIo, extras: ServeExtras = {}): Promise<number> {
  const requestedPort = Number(opts.port);
  if (!Number.isInteger(requestedPort) || requestedPort < 0 || requestedPort > 65535) {
    io.err(`error: --port must be a number from 0 to 65535, got '${opts.port}'\n`);
    return EXIT.usage;
  }
  const logger = createLogger(opts.logLevel);
  // Loaded here, not at the top: other commands start without the server's dependencies. And loaded
  // before the runtime: loading a project's TypeScript actions installs tsx's loader hooks, which
  // would slow every import after them.
  const { createServer, httpsOptions } = await import('../../server/create-server.ts');
  const runtime = await openRuntime(opts, { logger, ...(extras.inspection ? { inspection: extras.inspection } : {}) }, io);
  if (!runtime) return EXIT.failure;
  const model = runtime.current();
  const { metrics, tracing } = runtime.operations;
  const tls = Boolean(opts.sslCertificate && opts.sslKeyfile);
  const publicHost = opts.interface === '0.0.0.0' || opts.interface === '::' ? 'localhost' : opts.interface;
  const a2a = model.assistant.endpoints.a2aServer;
  // The agent card names the server's URL before it listens, so `-p 0` takes a free port now.
  const port = requestedPort === 0 && a2a && !a2a.url ? await freePort(opts.interface) : requestedPort;
  const a2aModule = a2a ? await import('../../channels/a2a/index.ts') : undefined;
  const a2aDeps = a2a && {
    assistant: () => runtime.current().assistant,
    config: a2a,
    kv: runtime.kv,
    ...(runtime.bus ? { bus: runtime.bus } : {}),
    publicUrl: a2a.url ?? `${tls ? 'https' : 'http'}://${publicHost}:${port}`,
    logger,
    ...(metrics ? { taskObserver: { taskChanged: (event: TaskEvent) => void (event.type === 'status' && event.final && metrics.a2aTask(event.task.status.state)) } } : {}),
  };
  const a2aPlugins: ExtraPlugin[] = a2aModule && a2aDeps ? [(app, { runtime: guarded }) => a2aModule.createA2aPlugin({ ...a2aDeps, runtime: guarded })(app)] : [];
  const server = await createServer({
    runtime: runtime.processor,
    model,
    reloadModel: (file) => runtime.reload(file),
    port,
    host: opts.interface,
    enableApi: opts.enableApi,
    ...pick(opts, ['authToken', 'jwtSecret', 'sslCertificate', 'sslKeyfile', 'sslPassword']),
    jwtMethod: opts.jwtMethod,
    cors: opts.cors,
    responseTimeoutSeconds: Number(opts.responseTimeout),
    logger,
    extraPlugins: [...a2aPlugins, ...(extras.plugins ?? [])],
    speech: speechEnginesOf(() => runtime.current()),
    ...(metrics ? { metrics } : {}),
    ...(extras.inspection ? { inspection: extras.inspection } : {}),
    ...(tracing ? { continueTrace: (headers: Readonly<Record<string, unknown>>) => tracing.continueTrace(headers) } : {}),
  });
  const url = await server.listen();
  if (opts.enableApi && !opts.authToken && !opts.jwtSecret) {
    logger.warn(
      { url },
      'the HTTP API is open: anyone who can reach this port can read, change and delete every conversation and load another model (PUT /model). Pass --auth-token or --jwt-secret to protect it.',
    );
  }
  // gRPC needs HTTP/2 on a port of its own; it shares the store, so it acts as one more replica.
  const grpc =
    a2aModule && a2aDeps && a2a?.grpcPort !== undefined
      ? await a2aModule.startA2aGrpcServer({ ...a2aDeps, runtime: runtime.processor, port: a2a.grpcPort, host: opts.interface, tls: httpsOptions(opts).https })
      : undefined;
  io.out(`colloquy is serving '${model.assistant.config.assistantId}' on ${url} (REST: POST ${url}/webhooks/rest/webhook${a2a ? `, A2A: ${url}/.well-known/agent-card.json` : ''}${grpc ? `, A2A gRPC: ${publicHost}:${grpc.port}` : ''})\n`);
  if (extras.announce) io.out(extras.announce(url));
  await new Promise<void>((resolve) => {
    const stop = (signal: string) => {
      logger.info({ signal }, 'shutting down');
      resolve();
    };
    process.once('SIGINT', stop);
    process.once('SIGTERM', stop);
  });
  await grpc?.close();
  await server.close();
  await runtime.close();
  logger.flush();
  return EXIT.ok;
}

function pick<T extends object, K extends keyof T>(source: T, keys: readonly K[]): Partial<Pick<T, K>> {
  const out: Partial<Pick<T, K>> = {};
  for (const key of keys) if (source[key] !== undefined) out[key] = source[key];
  return out;
}

