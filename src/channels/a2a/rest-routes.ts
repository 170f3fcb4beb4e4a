/**
 * The v1.0 HTTP+JSON binding: `POST /message:send`, `POST /message:stream`, `GET /tasks/{id}`,
 * `GET /tasks` (ListTasks), `POST /tasks/{id}:cancel`, `GET|POST /tasks/{id}:subscribe` and push config CRUD under
 * `/tasks/{id}/pushNotificationConfigs`. Errors are `{error: {code, status, message, details}}`.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { A2aError } from './a2a-errors.ts';
import { authenticate, checkJsonContentType, requestedVersion, type A2aContext } from './a2a-context.ts';
import { CODECS } from './codecs.ts';
import { noExtendedCard, toA2aError } from './json-rpc-routes.ts';
import { openSse } from './sse-stream.ts';
import type { Caller } from './task-service.ts';
import { v10Decode, v10Encode } from './wire-v10.ts';

const codec = CODECS['1.0'];

type Handler = (request: FastifyRequest, reply: FastifyReply, caller: Caller) => Promise<unknown>;

export function registerRestRoutes(scope: FastifyInstance, ctx: A2aContext): void {
  const route = (handler: Handler) => async (request: FastifyRequest, reply: FastifyReply) => {
    try {
      // This binding exists in v1.0 only, so a request without a version is a v1.0 request.
      const version = requestedVersion(request);
      if (version.raw !== undefined && version.generation !== '1.0') throw new A2aError('version_not_supported', 'The HTTP+JSON binding serves A2A-Version 1.0 only.');
      const caller = await authenticate(ctx, request);
      const result = await handler(request, reply, caller);
      if (!reply.sent) return reply.type('application/json').send(result);
      return reply;
    } catch (error) {
      return sendRestError(reply, toA2aError(error, ctx));
    }
  };

  scope.post('/message::send', route(async (request, _reply, caller) => {
    const send = codec.decode.send(jsonBody(request));
    return codec.encode.sendResult(await ctx.service.send(send, caller, '1.0'), send.historyLength);
  }));

  scope.post('/message::stream', route(async (request, reply, caller) => {
    const send = codec.decode.send(jsonBody(request));
    await streamTo(ctx, reply, (emit) => ctx.service.send({ ...send, returnImmediately: false }, caller, '1.0', emit));
  }));

  const taskAction: Handler = async (request, reply, caller) => {
    const { id, action } = splitAction((request.params as { task: string }).task);
    if (action === undefined && request.method === 'GET') {
      const historyLength = optionalInt((request.query as Record<string, unknown>).historyLength, 'historyLength');
      return codec.encode.task(await ctx.service.get(id, caller), historyLength);
    }
    if (action === 'cancel' && request.method === 'POST') return codec.encode.task(await ctx.service.cancel(id, caller));
    if (action === 'subscribe') {
      await ctx.service.subscribable(id, caller);
      await streamTo(ctx, reply, (emit, signal) => ctx.service.subscribe(id, caller, emit, signal));
      return undefined;
    }
    throw new A2aError('method_not_found', `No A2A operation at ${request.method} ${request.url}.`);
  };
  scope.get('/tasks/:task', route(taskAction));
  scope.post('/tasks/:task', route(taskAction));
  scope.get('/tasks', route(async (request, _reply, caller) => {
    const q = request.query as Record<string, unknown>;
    const query = v10Decode.listTasks({
      ...q,
      pageSize: optionalNumber(q.pageSize),
      historyLength: optionalNumber(q.historyLength),
      includeArtifacts: q.includeArtifacts === undefined ? undefined : q.includeArtifacts === 'true' ? true : q.includeArtifacts === 'false' ? false : q.includeArtifacts,
    });
    return v10Encode.taskList(await ctx.service.list(query, caller), query);
  }));
  scope.get('/extendedAgentCard', route(async () => {
    throw noExtendedCard('1.0');
  }));

  const configs = '/tasks/:task/pushNotificationConfigs';
  scope.post(configs, route(async (request, _reply, caller) => {
    const taskId = (request.params as { task: string }).task;
    const { config } = codec.decode.setPush({ ...asObject(jsonBody(request)), taskId });
    return codec.encode.pushConfig(await ctx.service.setPushConfig(taskId, config, caller, '1.0'));
  }));
  scope.get(configs, route(async (request, _reply, caller) => {
    return codec.encode.pushConfigs(await ctx.service.listPushConfigs((request.params as { task: string }).task, caller));
  }));
  scope.get(`${configs}/:config`, route(async (request, _reply, caller) => {
    const { task, config } = request.params as { task: string; config: string };
    return codec.encode.pushConfig(await ctx.service.getPushConfig(task, config, caller));
  }));
  scope.delete(`${configs}/:config`, route(async (request, reply, caller) => {
    const { task, config } = request.params as { task: string; config: string };
    await ctx.service.deletePushConfig(task, config, caller);
    return reply.code(204).send();
  }));
}

async function streamTo(
  ctx: A2aContext,
  reply: FastifyReply,
  run: (emit: (event: Parameters<typeof codec.encode.event>[0]) => void, signal: AbortSignal) => Promise<unknown>,
): Promise<void> {
  const sse = openSse(reply, ctx.keepAliveMs);
  try {
    await run((event) => sse.send(codec.encode.event(event)), sse.signal);
  } catch (error) {
    sse.send(restErrorBody(toA2aError(error, ctx)), 'error');
  } finally {
    sse.close();
  }
}

/** `abc:cancel` → `{id: 'abc', action: 'cancel'}`; ids may not contain ':' on this binding. */
function splitAction(segment: string): { id: string; action?: string } {
  const at = segment.lastIndexOf(':');
  return at < 0 ? { id: segment } : { id: segment.slice(0, at), action: segment.slice(at + 1) };
}

function jsonBody(request: FastifyRequest): unknown {
  checkJsonContentType(request);
  try {
    return JSON.parse(typeof request.body === 'string' ? request.body : '');
  } catch {
    throw new A2aError('parse_error', 'The request body is not valid JSON.');
  }
}

function asObject(value: unknown): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new A2aError('invalid_params', 'The request body must be a JSON object.');
  return value as Record<string, unknown>;
}

/** A query-string number for the schema to check (a non-number stays a string and fails it). */
function optionalNumber(value: unknown): unknown {
  return value === undefined || value === '' || Number.isNaN(Number(value)) ? value || undefined : Number(value);
}

function optionalInt(value: unknown, name: string): number | undefined {
  if (value === undefined) return undefined;
  const n = Number(value);
  if (!Number.isInteger(n) || n < 0) throw new A2aError('invalid_params', `'${name}' must be a non-negative integer.`);
  return n;
}

function restErrorBody(error: A2aError) {
  return { error: { code: error.restHttpStatus, status: error.grpcStatus, message: error.message, details: [error.errorInfo()] } };
}

export function sendRestError(reply: FastifyReply, error: A2aError): FastifyReply {
  if (error.kind === 'auth_required') reply.header('www-authenticate', 'Bearer');
  // REST maps InternalError to 500 in the spec; we never answer 5xx for a request we understood.
  const status = error.restHttpStatus >= 500 ? 400 : error.restHttpStatus;
  return reply.code(status).type('application/json').send(restErrorBody(error));
}
