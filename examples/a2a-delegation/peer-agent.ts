/**
 * The external agent of the a2a-delegation example: a car dealer built with `@a2a-js/sdk`
 * (JSON-RPC and HTTP+JSON, v1.0 with v0.3 compat, streaming). It asks which model the user wants
 * (a task in input-required), answers price questions with plain Messages, then "reserves" the
 * car in a streamed task and completes with a DataPart `{car_model, order_id}`.
 *
 * Run it: `npx tsx examples/a2a-delegation/peer-agent.ts --port 8777 [--require-key <key>]`
 */
import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { AgentCard, Message, Part, TaskState, type Task } from '@a2a-js/sdk';
import { AgentEvent, DefaultRequestHandler, InMemoryTaskStore, type AgentExecutor, type ExecutionEventBus } from '@a2a-js/sdk/server';
import { agentCardHandler, jsonRpcHandler, restHandler, UserBuilder } from '@a2a-js/sdk/server/express';

// express ships no types here; these are the few calls made on it.
type Middleware = (req: { headers: Record<string, unknown>; path: string }, res: { status(code: number): { json(body: unknown): void } }, next: () => void) => void;
interface App {
  use(pathOrHandler: string | Middleware, ...handlers: unknown[]): void;
  listen(port: number, host: string, cb: () => void): Server;
}
const express = createRequire(import.meta.url)('express') as () => App;

const MODELS = ['golf', 'model 3', 'corolla'];

export interface DealerOptions {
  readonly port?: number;
  /** When set, requests need `X-API-Key: <key>`. */
  readonly apiKey?: string;
  /** Pause while "reserving" (ms, default 100). */
  readonly workMs?: number;
}

export interface DealerAgent {
  readonly url: string;
  readonly cardUrl: string;
  close(): Promise<void>;
}

function agentMessage(contextId: string, taskId: string, text: string): Message {
  return Message.fromJSON({ messageId: crypto.randomUUID(), role: 'ROLE_AGENT', contextId, taskId, parts: [{ text }] });
}

function status(bus: ExecutionEventBus, task: Pick<Task, 'id' | 'contextId'>, state: TaskState, text?: string): void {
  const message = text === undefined ? undefined : agentMessage(task.contextId, task.id, text);
  bus.publish(AgentEvent.statusUpdate({ taskId: task.id, contextId: task.contextId, status: { state, message, timestamp: new Date().toISOString() }, metadata: undefined }));
}

function dealer(workMs: number): AgentExecutor {
  return {
    async execute(ctx, bus) {
      const text = ctx.userMessage.parts.flatMap((p) => (p.content?.$case === 'text' ? [p.content.value] : [])).join(' ');
      const ids = { id: ctx.taskId, contextId: ctx.contextId };
      try {
        if (/price|cost|how much/i.test(text)) {
          bus.publish(AgentEvent.message(agentMessage(ctx.contextId, '', 'Prices start at 25,000 EUR for a Golf. Which model would you like?')));
          return;
        }
        const model = MODELS.find((m) => text.toLowerCase().includes(m));
        const task: Task = ctx.task ?? { ...ids, status: undefined, artifacts: [], history: [], metadata: undefined };
        bus.publish(AgentEvent.task({ ...task, status: { state: TaskState.TASK_STATE_WORKING, message: undefined, timestamp: new Date().toISOString() } }));
        if (!model) {
          status(bus, ids, TaskState.TASK_STATE_INPUT_REQUIRED, 'We have the Golf, the Model 3 and the Corolla. Which model would you like?');
          return;
        }
        status(bus, ids, TaskState.TASK_STATE_WORKING, 'Checking stock at the dealers…');
        await new Promise((r) => setTimeout(r, workMs));
        const name = model.replace(/\b\w/g, (c) => c.toUpperCase());
        const order = `ORD-${Math.floor(1000 + Math.random() * 9000)}`;
        bus.publish(
          AgentEvent.artifactUpdate({
            taskId: ctx.taskId,
            contextId: ctx.contextId,
            artifact: { artifactId: 'reservation', name: 'reservation', description: '', parts: [Part.fromJSON({ data: { car_model: name, order_id: order } })], metadata: undefined, extensions: [] },
            append: false,
            lastChunk: true,
            metadata: undefined,
          }),
        );
        status(bus, ids, TaskState.TASK_STATE_COMPLETED, `The ${name} is reserved for you.`);
      } finally {
        bus.finished();
      }
    },
    async cancelTask(taskId, bus) {
      status(bus, { id: taskId, contextId: '' }, TaskState.TASK_STATE_CANCELED);
      bus.finished();
    },
  };
}

function card(base: string): AgentCard {
  const interfaces = [
    { url: `${base}/a2a/jsonrpc`, protocolBinding: 'JSONRPC' },
    { url: `${base}/a2a/rest`, protocolBinding: 'HTTP+JSON' },
  ];
  return AgentCard.fromJSON({
    name: 'car_dealer',
    description: 'Finds a car at a local dealer and reserves it.',
    version: '1.0.0',
    supportedInterfaces: [...interfaces.map((i) => ({ ...i, protocolVersion: '1.0' })), ...interfaces.map((i) => ({ ...i, protocolVersion: '0.3' }))],
    capabilities: { streaming: true },
    defaultInputModes: ['text'],
    defaultOutputModes: ['text', 'application/json'],
    skills: [{ id: 'reserve_car', name: 'Reserve a car', description: 'Reserves a car model at a dealer', tags: ['cars'] }],
  });
}

export async function startDealerAgent(options: DealerOptions = {}): Promise<DealerAgent> {
  const app = express();
  if (options.apiKey) {
    const key = options.apiKey;
    app.use((req, res, next) => (req.path.startsWith('/a2a') && req.headers['x-api-key'] !== key ? res.status(401).json({ error: 'missing or wrong X-API-Key' }) : next()));
  }
  const server = await new Promise<Server>((resolve) => {
    const s = app.listen(options.port ?? 0, '127.0.0.1', () => resolve(s));
  });
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const agentCard = card(base);
  const handler = new DefaultRequestHandler(agentCard, new InMemoryTaskStore(), dealer(options.workMs ?? 100));
  const deps = { requestHandler: handler, userBuilder: UserBuilder.noAuthentication, legacyCompat: { enabled: true } };
  app.use('/.well-known/agent-card.json', agentCardHandler({ agentCardProvider: handler, legacyCompat: { enabled: true } }));
  app.use('/a2a/jsonrpc', jsonRpcHandler(deps));
  app.use('/a2a/rest', restHandler(deps));
  return {
    url: base,
    cardUrl: `${base}/.well-known/agent-card.json`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const arg = (name: string) => {
    const i = process.argv.indexOf(name);
    return i > 0 ? process.argv[i + 1] : undefined;
  };
  const apiKey = arg('--require-key');
  const agent = await startDealerAgent({ port: Number(arg('--port') ?? 8777), ...(apiKey ? { apiKey } : {}) });
  process.stdout.write(`car dealer agent on ${agent.url} (card: ${agent.cardUrl})\n`);
}
