/**
 * Wires the A2A server into the HTTP app: JSON-RPC at `POST /`, the v1.0 HTTP+JSON binding,
 * and the AgentCard at `/.well-known/agent-card.json` (and the legacy `/.well-known/agent.json`).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { A2aError } from './a2a-errors.ts';
import { authenticate, type A2aContext } from './a2a-context.ts';
import { A2aRecords } from './a2a-records.ts';
import { AgentCardCache } from './agent-card.ts';
import { CODECS, parseVersionHeader } from './codecs.ts';
import { registerJsonRpcRoute, sendRpcError, toA2aError } from './json-rpc-routes.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { A2aPluginDeps } from './plugin-deps.ts';
import { PushNotifier, PushSender } from './push-sender.ts';
import { registerRestRoutes, sendRestError } from './rest-routes.ts';
import { TaskService } from './task-service.ts';

export type FastifyPlugin = (app: FastifyInstance) => Promise<void>;

/** Handle for tests and shutdown: waits until queued push deliveries are done. */
export interface A2aPluginHandle {
  readonly plugin: FastifyPlugin;
  pushIdle(): Promise<void>;
}

const CARD_PATHS = ['/.well-known/agent-card.json', '/.well-known/agent.json'];

/** The A2A server as an `extraPlugins` entry of `createServer`. */
export function createA2aPlugin(deps: A2aPluginDeps): FastifyPlugin {
  return createA2aServer(deps).plugin;
}

export function createA2aServer(deps: A2aPluginDeps): A2aPluginHandle {
  const { config } = deps;
  if (deps.assistant().domain.session.startSessionAfterExpiry) {
    throw new Error(
      'validation.a2a_server.incompatible_session_config: a2a_server needs session_config.start_session_after_expiry: false in domain.yml, ' +
        'or a resumed orchestrator contextId would start a new session and reset its slots.',
    );
  }
  const clock = deps.clock ?? { now: () => Date.now() };
  const ids = deps.ids ?? { next: () => randomUUID() };
  const recordMs = Math.max(config.messageCacheTtlSeconds, config.taskTimeoutSeconds, 1) * 1000;
  const records = new A2aRecords(deps.kv, {
    recordMs,
    dedupMs: Math.max(config.messageCacheTtlSeconds, 1) * 1000,
    inFlightMs: config.taskTimeoutSeconds > 0 ? config.taskTimeoutSeconds * 1000 + 60_000 : 3_600_000,
  });
  const sender = new PushSender({ allowedHosts: config.pushNotificationAllowedHosts, resolver: deps.resolver, logger: deps.logger, ...deps.push });
  const notifier = new PushNotifier(sender, (taskId) => records.listPushConfigs(taskId), deps.logger);
  const service = new TaskService({
    runtime: deps.runtime,
    assistant: deps.assistant,
    config,
    records,
    clock,
    ids,
    observer: config.pushNotificationsEnabled ? notifier : { taskChanged: () => undefined },
    checkPushTarget: async (url) => {
      await sender.checkTarget(url);
    },
    logger: deps.logger,
    subscribePollMs: deps.subscribePollMs ?? 100,
  });
  const url = (config.url ?? deps.publicUrl).replace(/\/+$/, '');
  const cards = new AgentCardCache({ config, url, streaming: true }, () => clock.now());

  const plugin: FastifyPlugin = async (app) => {
    const verifyJwt = config.auth ? await createJwtVerifier(config.auth, deps.assistant().root, deps.fetch) : undefined;
    const ctx: A2aContext = { service, cards, assistant: deps.assistant, verifyJwt, keepAliveMs: deps.keepAliveMs ?? 15_000, logger: deps.logger };
    cards.card(deps.assistant(), '1.0');
    await app.register(async (scope) => {
      // Bodies are parsed by the routes, so malformed JSON and any content type get protocol errors.
      scope.removeAllContentTypeParsers();
      scope.addContentTypeParser('*', { parseAs: 'string', bodyLimit: deps.bodyLimitBytes ?? 1024 * 1024 }, (_req, body, done) => done(null, body));
      scope.setErrorHandler((error, request, reply) => {
        const a2aError = toA2aError(error, ctx);
        if (request.url === '/' || request.url.startsWith('/?')) return sendRpcError(reply, CODECS[versionOf(request)], null, a2aError);
        return sendRestError(reply, a2aError);
      });
      for (const path of CARD_PATHS) scope.get(path, (request, reply) => serveCard(ctx, request, reply));
      registerJsonRpcRoute(scope, ctx);
      registerRestRoutes(scope, ctx);
    });
  };
  return { plugin, pushIdle: () => notifier.idle() };
}

async function serveCard(ctx: A2aContext, request: FastifyRequest, reply: FastifyReply) {
  try {
    await authenticate(ctx, request);
    const version = parseVersionHeader(request.headers['a2a-version'] as string | undefined);
    const card = ctx.cards.card(ctx.assistant(), version === '1.0' ? '1.0' : '0.3');
    reply.header('cache-control', 'public, max-age=300').header('etag', card.etag).header('last-modified', card.lastModified).header('vary', 'A2A-Version, Authorization');
    if (request.headers['if-none-match'] === card.etag) return reply.code(304).send();
    return reply.type('application/json').send(card.body);
  } catch (error) {
    return sendRestError(reply, error instanceof A2aError ? error : toA2aError(error, ctx));
  }
}

function versionOf(request: FastifyRequest): '0.3' | '1.0' {
  return parseVersionHeader(request.headers['a2a-version'] as string | undefined) === '1.0' ? '1.0' : '0.3';
}
