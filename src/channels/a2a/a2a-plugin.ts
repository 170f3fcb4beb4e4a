/**
 * Wires the A2A server into the HTTP app: JSON-RPC at `POST /`, the v1.0 HTTP+JSON binding,
 * and the AgentCard at `/.well-known/agent-card.json` (and the legacy `/.well-known/agent.json`).
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { A2aError } from './a2a-errors.ts';
import { authenticate, requestedVersion, type A2aContext } from './a2a-context.ts';
import { createA2aServices } from './a2a-services.ts';
import { CODECS } from './codecs.ts';
import { registerJsonRpcRoute, sendRpcError, toA2aError } from './json-rpc-routes.ts';
import { createJwtVerifier } from './jwt-verifier.ts';
import type { A2aPluginDeps } from './plugin-deps.ts';
import { registerRestRoutes, sendRestError } from './rest-routes.ts';

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
  const { service, cards, pushIdle } = createA2aServices(deps);

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
  return { plugin, pushIdle };
}

async function serveCard(ctx: A2aContext, request: FastifyRequest, reply: FastifyReply) {
  try {
    await authenticate(ctx, request);
    const card = ctx.cards.card(ctx.assistant(), versionOf(request));
    reply.header('cache-control', 'public, max-age=300').header('etag', card.etag).header('last-modified', card.lastModified).header('vary', 'A2A-Version, Authorization');
    if (request.headers['if-none-match'] === card.etag) return reply.code(304).send();
    return reply.type('application/json').send(card.body);
  } catch (error) {
    return sendRestError(reply, error instanceof A2aError ? error : toA2aError(error, ctx));
  }
}

function versionOf(request: FastifyRequest): '0.3' | '1.0' {
  return requestedVersion(request).generation === '1.0' ? '1.0' : '0.3';
}
