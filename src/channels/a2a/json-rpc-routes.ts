/**
 * `POST /`: A2A JSON-RPC in both generations, chosen by method name (v0.3 `message/send`, v1.0
 * `SendMessage`) after checking the `A2A-Version` header. Every failure is a JSON-RPC error object.
 * @module
 */
import type { FastifyInstance, FastifyReply } from 'fastify';
import { A2aError } from './a2a-errors.ts';
import { authenticate, checkJsonContentType, requestedVersion, type A2aContext } from './a2a-context.ts';
import { CODECS, type Codec } from './codecs.ts';
import { openSse } from './sse-stream.ts';
import type { Caller } from './task-service.ts';
import type { Generation } from './task-model.ts';
import { v10Decode, v10Encode } from './wire-v10.ts';

type Operation = 'send' | 'stream' | 'get' | 'cancel' | 'subscribe' | 'pushSet' | 'pushGet' | 'pushList' | 'pushDelete' | 'extendedCard' | 'listTasks';

const METHODS: Readonly<Record<string, readonly [Operation, Generation]>> = {
  'message/send': ['send', '0.3'],
  'message/stream': ['stream', '0.3'],
  'tasks/get': ['get', '0.3'],
  'tasks/cancel': ['cancel', '0.3'],
  'tasks/resubscribe': ['subscribe', '0.3'],
  'tasks/pushNotificationConfig/set': ['pushSet', '0.3'],
  'tasks/pushNotificationConfig/get': ['pushGet', '0.3'],
  'tasks/pushNotificationConfig/list': ['pushList', '0.3'],
  'tasks/pushNotificationConfig/delete': ['pushDelete', '0.3'],
  'agent/getAuthenticatedExtendedCard': ['extendedCard', '0.3'],
  SendMessage: ['send', '1.0'],
  SendStreamingMessage: ['stream', '1.0'],
  GetTask: ['get', '1.0'],
  CancelTask: ['cancel', '1.0'],
  SubscribeToTask: ['subscribe', '1.0'],
  CreateTaskPushNotificationConfig: ['pushSet', '1.0'],
  GetTaskPushNotificationConfig: ['pushGet', '1.0'],
  ListTaskPushNotificationConfigs: ['pushList', '1.0'],
  DeleteTaskPushNotificationConfig: ['pushDelete', '1.0'],
  GetExtendedAgentCard: ['extendedCard', '1.0'],
  ListTasks: ['listTasks', '1.0'],
};

type RpcId = string | number | null;

interface Envelope {
  readonly id: RpcId;
  readonly method: string;
  readonly params: unknown;
}

export function registerJsonRpcRoute(scope: FastifyInstance, ctx: A2aContext): void {
  scope.post('/', async (request, reply) => {
    const version = requestedVersion(request);
    const headerGeneration = version.generation;
    const errorCodec = CODECS[headerGeneration === 'unsupported' ? '1.0' : headerGeneration];
    let id: RpcId = null;
    let codec = errorCodec;
    try {
      checkJsonContentType(request);
      const envelope = parseEnvelope(request.body);
      id = envelope.id;
      if (headerGeneration === 'unsupported') throw new A2aError('version_not_supported', `A2A-Version '${version.raw}' is not supported; use 1.0 or 0.3.`);
      const entry = Object.hasOwn(METHODS, envelope.method) ? METHODS[envelope.method] : undefined;
      if (!entry) throw new A2aError('method_not_found', `Method '${envelope.method}' not found.`);
      const [operation, generation] = entry;
      codec = CODECS[generation];
      const caller = await authenticate(ctx, request);
      if (operation === 'stream' || operation === 'subscribe') return await stream(ctx, codec, operation, envelope, caller, reply);
      const result = await call(ctx, codec, operation, envelope.params, caller);
      return reply.send({ jsonrpc: '2.0', id, result });
    } catch (error) {
      return sendRpcError(reply, codec, id, toA2aError(error, ctx));
    }
  });
}

async function call(ctx: A2aContext, codec: Codec, operation: Operation, params: unknown, caller: Caller): Promise<unknown> {
  const { service } = ctx;
  switch (operation) {
    case 'send': {
      const send = codec.decode.send(params);
      return codec.encode.sendResult(await service.send(send, caller, codec.generation), send.historyLength);
    }
    case 'get': {
      const query = codec.decode.taskQuery(params);
      return codec.encode.task(await service.get(query.id, caller), query.historyLength);
    }
    case 'cancel':
      return codec.encode.task(await service.cancel(codec.decode.taskId(params), caller));
    case 'pushSet': {
      const { taskId, config } = codec.decode.setPush(params);
      return codec.encode.pushConfig(await service.setPushConfig(taskId, config, caller, codec.generation));
    }
    case 'pushGet': {
      const ref = codec.decode.pushRef(params);
      return codec.encode.pushConfig(await service.getPushConfig(ref.taskId, ref.configId, caller));
    }
    case 'pushList':
      return codec.encode.pushConfigs(await service.listPushConfigs(codec.decode.pushRef(params).taskId, caller));
    case 'pushDelete': {
      const ref = codec.decode.pushRef(params);
      await service.deletePushConfig(ref.taskId, ref.configId, caller);
      return codec.encode.deleted();
    }
    case 'extendedCard':
      throw noExtendedCard(codec.generation);
    case 'listTasks': {
      // A v1.0 method only (v0.3 JSON-RPC has none).
      const query = v10Decode.listTasks(params);
      return v10Encode.taskList(await service.list(query, caller), query);
    }
    case 'stream':
    case 'subscribe':
      throw new A2aError('internal_error', `'${operation}' is a streaming operation.`);
  }
}

/** Errors before the first event are plain JSON-RPC errors; later ones are an `event: error` on the stream. */
async function stream(ctx: A2aContext, codec: Codec, operation: 'stream' | 'subscribe', envelope: Envelope, caller: Caller, reply: FastifyReply) {
  const taskId = operation === 'subscribe' ? codec.decode.taskId(envelope.params) : undefined;
  const send = operation === 'stream' ? codec.decode.send(envelope.params) : undefined;
  if (taskId) await ctx.service.subscribable(taskId, caller);
  const sse = openSse(reply, ctx.keepAliveMs);
  const emit = (event: Parameters<typeof codec.encode.event>[0]) => sse.send({ jsonrpc: '2.0', id: envelope.id, result: codec.encode.event(event) });
  try {
    if (send) await ctx.service.send({ ...send, returnImmediately: false }, caller, codec.generation, emit);
    else await ctx.service.subscribe(taskId!, caller, emit, sse.signal);
  } catch (error) {
    const a2aError = toA2aError(error, ctx);
    sse.send(rpcError(codec, envelope.id, a2aError), 'error');
  } finally {
    sse.close();
  }
}

function parseEnvelope(body: unknown): Envelope {
  let json: unknown;
  try {
    json = JSON.parse(typeof body === 'string' ? body : '');
  } catch {
    throw new A2aError('parse_error', 'The request body is not valid JSON.');
  }
  if (Array.isArray(json)) throw new A2aError('invalid_request', 'Batch requests are not supported.');
  if (typeof json !== 'object' || json === null) throw new A2aError('invalid_request', 'The request must be a JSON-RPC 2.0 object.');
  const { jsonrpc, method, params, id } = json as Record<string, unknown>;
  if (id !== undefined && id !== null && typeof id !== 'string' && typeof id !== 'number') throw new A2aError('invalid_request', "'id' must be a string, a number or null.");
  const rpcId = (id ?? null) as RpcId;
  if (jsonrpc !== '2.0') throw Object.assign(new A2aError('invalid_request', "'jsonrpc' must be \"2.0\"."), { rpcId });
  if (typeof method !== 'string' || method === '') throw Object.assign(new A2aError('invalid_request', "'method' must be a non-empty string."), { rpcId });
  if (params !== undefined && (typeof params !== 'object' || params === null)) throw Object.assign(new A2aError('invalid_params', "'params' must be an object."), { rpcId });
  return { id: rpcId, method, params: params ?? {} };
}

/** The card declares no extended card: v1.0 answers UnsupportedOperation (spec §3.3.4), v0.3 AuthenticatedExtendedCardNotConfigured. */
export function noExtendedCard(generation: Generation): A2aError {
  return generation === '1.0'
    ? new A2aError('unsupported_operation', 'This agent declares no extended agent card (capabilities.extendedAgentCard).')
    : new A2aError('extended_card_not_configured', 'This agent has no authenticated extended agent card.');
}

export function toA2aError(error: unknown, ctx: A2aContext): A2aError {
  if (error instanceof A2aError) return error;
  const statusCode = (error as { statusCode?: number }).statusCode;
  if (statusCode === 413) return new A2aError('payload_too_large', 'The request body is too large.');
  ctx.logger.error({ err: error }, 'a2a request failed');
  return new A2aError('internal_error', 'The request could not be processed.');
}

function rpcError(codec: Codec, id: RpcId, error: A2aError) {
  const data = codec.encode.errorData(error);
  return { jsonrpc: '2.0', id, error: { code: error.code, message: error.message, ...(data === undefined ? {} : { data }) } };
}

export function sendRpcError(reply: FastifyReply, codec: Codec, id: RpcId, error: A2aError): FastifyReply {
  const rpcId = (error as A2aError & { rpcId?: RpcId }).rpcId ?? id;
  if (error.kind === 'auth_required') reply.header('www-authenticate', 'Bearer');
  // A JSON-RPC error is a well-formed answer: never a 5xx.
  return reply.code(error.jsonRpcHttpStatus).type('application/json').send(rpcError(codec, rpcId, error));
}
