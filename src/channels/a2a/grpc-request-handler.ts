/**
 * `@a2a-js/sdk`'s `A2ARequestHandler` on top of OUR task service, so the SDK's gRPC services
 * (v1.0 `lf.a2a.v1` and v0.3 `a2a.v1`) get the same semantics as JSON-RPC: dedup, reservations,
 * state mapping, push configs, all in the store. Requests go through the v1.0 wire codec (the
 * proto3 JSON of the SDK's types), so validation and encoding are the ones JSON-RPC uses.
 * @module
 */
import {
  AgentCard,
  CancelTaskRequest,
  DeleteTaskPushNotificationConfigRequest,
  GetTaskPushNotificationConfigRequest,
  GetTaskRequest,
  ListTaskPushNotificationConfigsRequest,
  ListTaskPushNotificationConfigsResponse,
  SendMessageRequest,
  StreamResponse,
  SubscribeToTaskRequest,
  Task,
  TaskPushNotificationConfig,
  ListTasksRequest,
  ListTasksResponse,
  type Message,
} from '@a2a-js/sdk';
import type { A2ARequestHandler, ServerCallContext } from '@a2a-js/sdk/server';
import type { Assistant } from '../../core/assistant.ts';
import { A2aError } from './a2a-errors.ts';
import type { AgentCardCache } from './agent-card.ts';
import { CODECS } from './codecs.ts';
import { EventChannel } from './event-channel.ts';
import { noExtendedCard } from './json-rpc-routes.ts';
import { toGrpcError } from './grpc-errors.ts';
import type { A2aLogger } from './plugin-deps.ts';
import type { Caller, TaskService } from './task-service.ts';
import type { Generation, TaskEvent } from './task-model.ts';
import { v10Decode, v10Encode } from './wire-v10.ts';

const codec = CODECS['1.0'];

/** The gRPC interfaces the handler serves; the SDK checks `A2A-Version` against them. */
const GRPC_VERSIONS = ['1.0', '0.3'] as const;

export interface GrpcHandlerDeps {
  readonly service: TaskService;
  readonly cards: AgentCardCache;
  readonly assistant: () => Assistant;
  readonly logger: A2aLogger;
}

/** The SDK's user, plus the signal of the call's cancellation (see `grpc-server.ts`). */
export interface GrpcUser {
  readonly isAuthenticated: boolean;
  readonly userName: string;
  readonly signal?: AbortSignal;
}

function callerOf(context: ServerCallContext): Caller {
  const user = context.user;
  return user?.isAuthenticated && user.userName ? { owner: user.userName } : {};
}

/** Push bodies follow the generation the orchestrator asked for (a missing `A2A-Version` means 0.3). */
function generationOf(context: ServerCallContext): Generation {
  return context.requestedVersion === '1.0' ? '1.0' : '0.3';
}

function withGrpcInterfaces(cardBody: string): AgentCard {
  const card = JSON.parse(cardBody) as { supportedInterfaces?: { protocolBinding: string; protocolVersion?: string; url: string }[] };
  const interfaces = card.supportedInterfaces ?? [];
  const grpcUrl = interfaces.find((i) => i.protocolBinding === 'GRPC')?.url ?? '';
  const missing = GRPC_VERSIONS.filter((v) => !interfaces.some((i) => i.protocolBinding === 'GRPC' && i.protocolVersion === v));
  return AgentCard.fromJSON({ ...card, supportedInterfaces: [...interfaces, ...missing.map((v) => ({ url: grpcUrl, protocolBinding: 'GRPC', protocolVersion: v }))] });
}

export class GrpcRequestHandler implements A2ARequestHandler {
  /** The SDK asks for the card on every call (version check): parsed again only when the served card changes. */
  private parsedCard?: { readonly body: string; readonly card: AgentCard };

  constructor(private readonly deps: GrpcHandlerDeps) {}

  /** The served v1.0 card, with the gRPC interfaces the version check needs even when a static card leaves them out. */
  getAgentCard(): Promise<AgentCard> {
    const { body } = this.deps.cards.card(this.deps.assistant(), '1.0');
    if (this.parsedCard?.body !== body) this.parsedCard = { body, card: withGrpcInterfaces(body) };
    return Promise.resolve(this.parsedCard.card);
  }

  getAuthenticatedExtendedAgentCard(_params: unknown, context: ServerCallContext): Promise<AgentCard> {
    return this.fail(noExtendedCard(generationOf(context)));
  }

  async sendMessage(params: SendMessageRequest, context: ServerCallContext): Promise<Message | Task> {
    try {
      const send = codec.decode.send(SendMessageRequest.toJSON(params));
      const task = await this.deps.service.send(send, callerOf(context), generationOf(context));
      return Task.fromJSON(codec.encode.task(task, send.historyLength));
    } catch (error) {
      return this.fail(error);
    }
  }

  async *sendMessageStream(params: SendMessageRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    try {
      const send = codec.decode.send(SendMessageRequest.toJSON(params));
      const events = new EventChannel<TaskEvent>();
      this.deps.service.send({ ...send, returnImmediately: false }, callerOf(context), generationOf(context), (event) => events.push(event)).then(
        () => events.end(),
        (error: unknown) => events.end(error),
      );
      for await (const event of events) yield StreamResponse.fromJSON(codec.encode.event(event));
    } catch (error) {
      await this.fail(error);
    }
  }

  async getTask(params: GetTaskRequest, context: ServerCallContext): Promise<Task> {
    try {
      const query = codec.decode.taskQuery(GetTaskRequest.toJSON(params));
      return Task.fromJSON(codec.encode.task(await this.deps.service.get(query.id, callerOf(context)), query.historyLength));
    } catch (error) {
      return this.fail(error);
    }
  }

  async cancelTask(params: CancelTaskRequest, context: ServerCallContext): Promise<Task> {
    try {
      return Task.fromJSON(codec.encode.task(await this.deps.service.cancel(codec.decode.taskId(CancelTaskRequest.toJSON(params)), callerOf(context))));
    } catch (error) {
      return this.fail(error);
    }
  }

  /** The task now, then its changes until it is terminal, or until the client cancels the call. */
  async *resubscribe(params: SubscribeToTaskRequest, context: ServerCallContext): AsyncGenerator<StreamResponse, void, undefined> {
    const stop = new AbortController();
    (context.user as GrpcUser | undefined)?.signal?.addEventListener('abort', () => stop.abort(), { once: true });
    try {
      const taskId = codec.decode.taskId(SubscribeToTaskRequest.toJSON(params));
      const caller = callerOf(context);
      await this.deps.service.subscribable(taskId, caller);
      const events = new EventChannel<TaskEvent>();
      this.deps.service.subscribe(taskId, caller, (event) => events.push(event), stop.signal).then(
        () => events.end(),
        (error: unknown) => events.end(error),
      );
      for await (const event of events) yield StreamResponse.fromJSON(codec.encode.event(event));
    } catch (error) {
      await this.fail(error);
    } finally {
      stop.abort();
    }
  }

  async createTaskPushNotificationConfig(params: TaskPushNotificationConfig, context: ServerCallContext): Promise<TaskPushNotificationConfig> {
    try {
      const { taskId, config } = codec.decode.setPush(TaskPushNotificationConfig.toJSON(params));
      return TaskPushNotificationConfig.fromJSON(codec.encode.pushConfig(await this.deps.service.setPushConfig(taskId, config, callerOf(context), generationOf(context))));
    } catch (error) {
      return this.fail(error);
    }
  }

  async getTaskPushNotificationConfig(params: GetTaskPushNotificationConfigRequest, context: ServerCallContext): Promise<TaskPushNotificationConfig> {
    try {
      const ref = codec.decode.pushRef(GetTaskPushNotificationConfigRequest.toJSON(params));
      return TaskPushNotificationConfig.fromJSON(codec.encode.pushConfig(await this.deps.service.getPushConfig(ref.taskId, ref.configId, callerOf(context))));
    } catch (error) {
      return this.fail(error);
    }
  }

  async listTaskPushNotificationConfigs(params: ListTaskPushNotificationConfigsRequest, context: ServerCallContext): Promise<ListTaskPushNotificationConfigsResponse> {
    try {
      const ref = codec.decode.pushRef(ListTaskPushNotificationConfigsRequest.toJSON(params));
      return ListTaskPushNotificationConfigsResponse.fromJSON(codec.encode.pushConfigs(await this.deps.service.listPushConfigs(ref.taskId, callerOf(context))));
    } catch (error) {
      return this.fail(error);
    }
  }

  async deleteTaskPushNotificationConfig(params: DeleteTaskPushNotificationConfigRequest, context: ServerCallContext): Promise<void> {
    try {
      const ref = codec.decode.pushRef(DeleteTaskPushNotificationConfigRequest.toJSON(params));
      await this.deps.service.deletePushConfig(ref.taskId, ref.configId, callerOf(context));
    } catch (error) {
      return this.fail(error);
    }
  }

  async listTasks(params: ListTasksRequest, context: ServerCallContext): Promise<ListTasksResponse> {
    try {
      const query = v10Decode.listTasks(ListTasksRequest.toJSON(params));
      return ListTasksResponse.fromJSON(v10Encode.taskList(await this.deps.service.list(query, callerOf(context)), query));
    } catch (error) {
      return this.fail(error);
    }
  }

  /** Rejects with the SDK error the gRPC service maps to a status; unexpected errors are logged and become INTERNAL. */
  private fail(error: unknown): Promise<never> {
    if (error instanceof A2aError) return Promise.reject(toGrpcError(error));
    this.deps.logger.error({ err: error }, 'a2a gRPC request failed');
    return Promise.reject(toGrpcError(new A2aError('internal_error', 'The request could not be processed.')));
  }
}
