/**
 * Real A2A peers for the client tests: `@a2a-js/sdk`'s request handler behind express on
 * 127.0.0.1:0, serving JSON-RPC and HTTP+JSON (v1.0, with the SDK's v0.3 compat layer), a card,
 * optional credentials checks and a log of the requests it received; when the card lists gRPC,
 * the same handler is also served over gRPC (v1.0 and v0.3 services) on another random port.
 */
import type { AddressInfo } from 'node:net';
import type { Server } from 'node:http';
import { createRequire } from 'node:module';
import { AgentCard, Message, Part, TaskState, type Artifact, type Task } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus } from '@a2a-js/sdk/server';
import { jsonRpcHandler, restHandler, UserBuilder } from '@a2a-js/sdk/server/express';
import { A2AService, grpcService } from '@a2a-js/sdk/server/grpc';
import { LegacyA2AService, legacyGrpcService } from '@a2a-js/sdk/compat/v0_3/server/grpc';
import { GrpcRequestMalformedError } from '@a2a-js/sdk/errors/grpc';
import * as grpc from '@grpc/grpc-js';

// express ships no types here; the SDK's handlers only need an app to mount on.
interface Req {
  readonly headers: Record<string, string | string[] | undefined>;
  readonly path: string;
  readonly method: string;
  readonly body?: unknown;
}
interface Res {
  status(code: number): Res;
  json(body: unknown): void;
  setHeader(name: string, value: string): void;
}
type Handler = (req: Req, res: Res, next: () => void) => void;
interface App {
  use(path: string | Handler, ...handlers: unknown[]): void;
  get(path: string, handler: Handler): void;
  post(path: string, handler: Handler): void;
  listen(port: number, host: string, cb: () => void): Server;
}
interface Express {
  (): App;
  json(options: { limit: string }): Handler;
  urlencoded(options: { extended: boolean }): Handler;
}
const express = createRequire(import.meta.url)('express') as Express;

export interface TurnInput {
  readonly text: string;
  /** Data parts of the user message. */
  readonly data: readonly unknown[];
  readonly taskId: string;
  readonly contextId: string;
  /** The task being continued (input-required follow-up). */
  readonly existing?: Task;
  readonly metadata: Record<string, unknown> | undefined;
  readonly signal: AbortSignal;
}

export type StateName = 'submitted' | 'working' | 'input-required' | 'completed' | 'failed' | 'canceled' | 'rejected' | 'auth-required';

const STATES: Record<StateName, TaskState> = {
  submitted: TaskState.TASK_STATE_SUBMITTED,
  working: TaskState.TASK_STATE_WORKING,
  'input-required': TaskState.TASK_STATE_INPUT_REQUIRED,
  completed: TaskState.TASK_STATE_COMPLETED,
  failed: TaskState.TASK_STATE_FAILED,
  canceled: TaskState.TASK_STATE_CANCELED,
  rejected: TaskState.TASK_STATE_REJECTED,
  'auth-required': TaskState.TASK_STATE_AUTH_REQUIRED,
};

/** What a scripted agent can publish during one turn. */
export class Emitter {
  #counter = 0;
  constructor(
    private readonly bus: ExecutionEventBus,
    private readonly input: TurnInput,
  ) {}

  #message(text?: string, data?: Record<string, unknown>): Message {
    const parts = [...(text !== undefined ? [{ text }] : []), ...(data ? [{ data }] : [])];
    return Message.fromJSON({ messageId: `${this.input.taskId}-m${++this.#counter}`, role: 'ROLE_AGENT', contextId: this.input.contextId, parts });
  }

  /** A direct Message reply (no task). */
  message(text: string, data?: Record<string, unknown>): void {
    this.bus.publish(AgentEvent.message(this.#message(text, data)));
  }

  /** Starts (or resumes) the task in `state`. */
  task(state: StateName, text?: string): void {
    const base = this.input.existing;
    const task: Task = {
      id: this.input.taskId,
      contextId: this.input.contextId,
      status: { state: STATES[state], message: text !== undefined ? { ...this.#message(text), taskId: this.input.taskId } : undefined, timestamp: new Date().toISOString() },
      artifacts: base?.artifacts ?? [],
      history: base?.history ?? [],
      metadata: undefined,
    };
    this.bus.publish(AgentEvent.task(task));
  }

  status(state: StateName, text?: string, data?: Record<string, unknown>): void {
    const message = text !== undefined || data ? { ...this.#message(text, data), taskId: this.input.taskId } : undefined;
    this.bus.publish(
      AgentEvent.statusUpdate({ taskId: this.input.taskId, contextId: this.input.contextId, status: { state: STATES[state], message, timestamp: new Date().toISOString() }, metadata: undefined }),
    );
  }

  artifact(name: string, parts: { text?: string; data?: Record<string, unknown> }[]): void {
    const artifact: Artifact = { artifactId: `${name}-${this.input.taskId}`, name, description: '', parts: parts.map((p) => Part.fromJSON(p)), metadata: undefined, extensions: [] };
    this.bus.publish(AgentEvent.artifactUpdate({ taskId: this.input.taskId, contextId: this.input.contextId, artifact, append: false, lastChunk: true, metadata: undefined }));
  }
}

export type Script = (input: TurnInput, emit: Emitter) => Promise<void> | void;

function scriptedExecutor(script: Script, cancelled: Set<string>): AgentExecutor {
  const running = new Map<string, AbortController>();
  return {
    async execute(ctx, bus) {
      const message = ctx.userMessage;
      const text = message.parts.flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : [])).join('\n');
      const data = message.parts.flatMap((p) => (p.content?.$case === 'data' ? [p.content.value as unknown] : []));
      const abort = new AbortController();
      running.set(ctx.taskId, abort);
      const input: TurnInput = { text, data, taskId: ctx.taskId, contextId: ctx.contextId, ...(ctx.task ? { existing: ctx.task } : {}), metadata: message.metadata, signal: abort.signal };
      try {
        await script(input, new Emitter(bus, input));
      } catch (error) {
        if (!abort.signal.aborted) throw error;
      } finally {
        running.delete(ctx.taskId);
        bus.finished();
      }
    },
    async cancelTask(taskId, bus) {
      cancelled.add(taskId);
      running.get(taskId)?.abort();
      bus.publish(AgentEvent.statusUpdate({ taskId, contextId: '', status: { state: TaskState.TASK_STATE_CANCELED, message: undefined, timestamp: new Date().toISOString() }, metadata: undefined }));
      bus.finished();
    },
  };
}

export interface PeerOptions {
  readonly name?: string;
  readonly script: Script;
  readonly streaming?: boolean;
  /** `1.0` (default): v1.0 card; `0.3`: a v0.3 card (`url`, `preferredTransport`) and legacy wire. */
  readonly protocol?: '1.0' | '0.3';
  /** Order of interfaces on the card (default JSON-RPC then HTTP+JSON). */
  readonly transports?: readonly ('JSONRPC' | 'HTTP+JSON' | 'GRPC')[];
  /** Returns an HTTP status to refuse the request with, or undefined to let it through. */
  readonly guard?: (req: Req) => number | undefined;
  /** Extra routes (token endpoint, bad behaviour). */
  readonly routes?: (app: App) => void;
}

export interface RecordedRequest {
  readonly path: string;
  readonly method?: string;
  readonly headers: Req['headers'];
}

export interface Peer {
  readonly url: string;
  readonly cardUrl: string;
  readonly requests: RecordedRequest[];
  /** Task ids the agent was asked to cancel. */
  readonly cancelled: Set<string>;
  close(): Promise<void>;
}

/** @param grpcUrl where the gRPC interface is (default: the HTTP host and port, where nothing speaks gRPC) */
export function cardJson(base: string, options: Pick<PeerOptions, 'name' | 'streaming' | 'protocol' | 'transports'>, grpcUrl = base.replace(/^https?:\/\//, '')): Record<string, unknown> {
  const transports = options.transports ?? ['JSONRPC', 'HTTP+JSON'];
  const urlOf = (t: string) => (t === 'JSONRPC' ? `${base}/a2a/jsonrpc` : t === 'HTTP+JSON' ? `${base}/a2a/rest` : grpcUrl);
  const common = { name: options.name ?? 'peer', description: 'a test agent', version: '1.0.0', defaultInputModes: ['text'], defaultOutputModes: ['text'], skills: [] };
  if (options.protocol === '0.3') {
    const [first, ...rest] = transports;
    return {
      ...common,
      protocolVersion: '0.3.0',
      url: urlOf(first!),
      preferredTransport: first,
      additionalInterfaces: rest.map((t) => ({ url: urlOf(t), transport: t })),
      capabilities: { streaming: options.streaming ?? false },
    };
  }
  return { ...common, supportedInterfaces: transports.map((t) => ({ url: urlOf(t), protocolBinding: t, protocolVersion: '1.0' })), capabilities: { streaming: options.streaming ?? false } };
}

export async function startPeer(options: PeerOptions): Promise<Peer> {
  const app = express();
  const requests: RecordedRequest[] = [];
  const cancelled = new Set<string>();
  let base = '';
  app.use(express.urlencoded({ extended: false }));
  app.use(express.json({ limit: '1mb' }));
  app.use((req: Req, res: Res, next: () => void) => {
    const method = (req.body as { method?: unknown } | undefined)?.method;
    requests.push({ path: req.path, headers: req.headers, ...(typeof method === 'string' ? { method } : {}) });
    const refused = req.path.startsWith('/a2a') ? options.guard?.(req) : undefined;
    if (refused) return res.status(refused).json({ error: 'unauthorized' });
    next();
  });
  options.routes?.(app);
  let grpcUrl: string | undefined;
  app.get('/.well-known/agent-card.json', (_req, res) => res.json(cardJson(base, options, grpcUrl)));
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(0, '127.0.0.1', () => resolve(s));
  });
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const grpcServer = options.transports?.includes('GRPC') ? new grpc.Server() : undefined;
  if (grpcServer) {
    const port = await new Promise<number>((resolve, reject) => grpcServer.bindAsync('127.0.0.1:0', grpc.ServerCredentials.createInsecure(), (e, p) => (e ? reject(e) : resolve(p))));
    grpcUrl = `127.0.0.1:${port}`;
  }
  // The handler serves both generations; it checks the requested version against its card.
  const v10 = cardJson(base, { ...options, protocol: '1.0' }, grpcUrl) as { supportedInterfaces: Record<string, unknown>[] };
  const card = AgentCard.fromJSON({ ...v10, supportedInterfaces: [...v10.supportedInterfaces, ...v10.supportedInterfaces.map((i) => ({ ...i, protocolVersion: '0.3' }))] });
  const handler = new DefaultRequestHandler(card, new InMemoryTaskStore(), scriptedExecutor(options.script, cancelled));
  const legacyCompat = { enabled: true };
  app.use('/a2a/jsonrpc', jsonRpcHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
  app.use('/a2a/rest', restHandler({ requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat }));
  if (grpcServer) {
    // Records each call (metadata as headers) and applies the guard: 401 → UNAUTHENTICATED, other refusals → PERMISSION_DENIED.
    const userBuilder = async (call: grpc.ServerUnaryCall<unknown, unknown> | grpc.ServerWritableStream<unknown, unknown>) => {
      const headers = Object.fromEntries(Object.entries(call.metadata.getMap()).map(([k, v]) => [k, String(v)]));
      const path = call.getPath();
      requests.push({ path, method: path.slice(path.lastIndexOf('/') + 1), headers });
      const refused = options.guard?.({ headers, path, method: 'POST' });
      if (refused) throw new GrpcRequestMalformedError({ message: 'unauthorized', status: refused === 401 ? grpc.status.UNAUTHENTICATED : grpc.status.PERMISSION_DENIED });
      return UserBuilder.noAuthentication();
    };
    grpcServer.addService(A2AService, grpcService({ requestHandler: handler, userBuilder }));
    grpcServer.addService(LegacyA2AService, legacyGrpcService({ requestHandler: handler, userBuilder }));
  }
  return {
    url: base,
    cardUrl: `${base}/.well-known/agent-card.json`,
    requests,
    cancelled,
    close: () =>
      new Promise<void>((resolve) => {
        grpcServer?.forceShutdown();
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** Resolves after `ms`, early when `signal` aborts. */
export function pause(ms: number, signal?: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    const timer = setTimeout(resolve, ms);
    signal?.addEventListener('abort', () => {
      clearTimeout(timer);
      resolve();
    });
  });
}
