/**
 * What the A2A benchmarks measure against: a bare `@a2a-js/sdk` echo agent (its framework-agnostic
 * JSON-RPC handler on node:http; `@types/express` is not installed), and the v1.0 `SendMessage`
 * load they drive at it and at colloquy alike.
 */
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { Message, TaskState, type AgentCard } from '@a2a-js/sdk';
import {
  AgentEvent,
  DefaultRequestHandler,
  InMemoryTaskStore,
  JsonRpcTransportHandler,
  ServerCallContext,
  UnauthenticatedUser,
  type AgentExecutor,
  type ExecutionEventBus,
  type RequestContext,
} from '@a2a-js/sdk/server';
import { emptyConversationState } from '../src/core/state.ts';
import type { ConversationRuntime, IncomingMessage, TurnResult } from '../src/runtime/processor-api.ts';
import { runLoad, type LoadResult } from './load-loop.ts';

export interface BenchTarget {
  readonly url: string;
  close(): Promise<void>;
}

class EchoExecutor implements AgentExecutor {
  async execute(ctx: RequestContext, bus: ExecutionEventBus): Promise<void> {
    const text = ctx.userMessage.parts.map((p) => (p.content?.$case === 'text' ? p.content.value : '')).join('');
    const reply = Message.fromJSON({ messageId: crypto.randomUUID(), role: 'ROLE_AGENT', contextId: ctx.contextId, taskId: ctx.taskId, parts: [{ text: `echo: ${text}` }] });
    bus.publish(AgentEvent.task({ id: ctx.taskId, contextId: ctx.contextId, status: { state: TaskState.TASK_STATE_COMPLETED, message: reply, timestamp: new Date().toISOString() }, history: [ctx.userMessage], artifacts: [], metadata: undefined } as never));
    bus.finished();
  }
  async cancelTask(): Promise<void> {}
}

/** The SDK echo agent's JSON-RPC handler: a request body in, the JSON-RPC response object out. */
export function echoTransport(): JsonRpcTransportHandler {
  const card = { name: 'echo', description: 'echo', version: '1', supportedInterfaces: [{ url: 'http://127.0.0.1/', protocolBinding: 'JSONRPC', protocolVersion: '1.0', tenant: '' }], capabilities: { streaming: false, pushNotifications: false, extensions: [] }, defaultInputModes: ['text/plain'], defaultOutputModes: ['text/plain'], skills: [], securitySchemes: {}, securityRequirements: [], signatures: [] } as unknown as AgentCard;
  return new JsonRpcTransportHandler(new DefaultRequestHandler(card, new InMemoryTaskStore(), new EchoExecutor()));
}

export async function startEchoBaseline(): Promise<BenchTarget> {
  const transport = echoTransport();
  const server = createServer(async (req, res) => {
    let body = '';
    for await (const chunk of req) body += chunk;
    const context = new ServerCallContext({ user: new UnauthenticatedUser(), requestedVersion: String(req.headers['a2a-version'] ?? '') });
    const result = await transport.handle(body, context);
    res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify(result));
  });
  server.listen(0, '127.0.0.1');
  await new Promise((r) => server.once('listening', r));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/`, close: () => new Promise((r) => server.close(() => r())) };
}

/** Our side of an echo agent: a runtime that completes a one-step flow every turn, holding no state. */
export const echoRuntime: ConversationRuntime = {
  async handleMessage(message: IncomingMessage): Promise<TurnResult> {
    const text = `echo: ${message.text ?? ''}`;
    return {
      senderId: message.senderId,
      messages: [{ text }],
      firstEventIndex: 0,
      state: {
        ...emptyConversationState(message.senderId, {}),
        events: [{ event: 'flow_completed', flow_id: 'echo', step_id: 'END', timestamp: 0 }],
        latest_action_name: 'action_listen',
        latest_input_channel: 'a2a',
      },
    };
  },
  triggerIntent: () => Promise.reject(new Error('unused')),
  getState: async () => undefined,
  appendEvents: () => Promise.reject(new Error('unused')),
  parseMessage: () => Promise.reject(new Error('unused')),
  executeAction: () => Promise.reject(new Error('unused')),
  deleteConversation: async () => undefined,
  listConversations: async () => [],
};

export interface SendMessageLoad {
  readonly text: string;
  readonly durationMs: number;
  readonly concurrency: number;
}

/**
 * `SendMessage` with a new message and context id per request (new across runs too, so no run
 * meets another's contexts or message-id dedup); a task that does not complete counts as an error.
 */
export function sendMessageLoad(url: string, load: SendMessageLoad): Promise<LoadResult> {
  const run = crypto.randomUUID().slice(0, 8);
  return runLoad({
    durationMs: load.durationMs,
    concurrency: load.concurrency,
    async request(worker, i) {
      const id = `${run}-${worker}-${i}`;
      const message = { messageId: `m-${id}`, contextId: `c-${id}`, role: 'ROLE_USER', parts: [{ text: load.text }] };
      const response = await fetch(url, { method: 'POST', body: JSON.stringify({ jsonrpc: '2.0', id, method: 'SendMessage', params: { message } }), headers: { 'content-type': 'application/json', 'A2A-Version': '1.0' } });
      const json = (await response.json()) as { result?: { task?: { status?: { state?: string } } } };
      return json.result?.task?.status?.state === 'TASK_STATE_COMPLETED';
    },
  });
}
