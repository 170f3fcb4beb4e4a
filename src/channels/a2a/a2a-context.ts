/**
 * What the route modules share: the task service, the card, auth, and stream settings.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { Assistant } from '../../core/assistant.ts';
import type { AgentCardCache } from './agent-card.ts';
import type { JwtVerifier } from './jwt-verifier.ts';
import type { A2aLogger } from './plugin-deps.ts';
import type { Caller, TaskService } from './task-service.ts';

export interface A2aContext {
  readonly service: TaskService;
  readonly cards: AgentCardCache;
  readonly assistant: () => Assistant;
  /** Undefined when `a2a_server.auth` is not configured. */
  readonly verifyJwt?: JwtVerifier;
  readonly keepAliveMs: number;
  readonly logger: A2aLogger;
}

/** The caller behind a request; throws `auth_required` before anything else happens. */
export async function authenticate(ctx: A2aContext, request: FastifyRequest): Promise<Caller> {
  if (!ctx.verifyJwt) return {};
  const { subject } = await ctx.verifyJwt(request.headers.authorization);
  return subject ? { owner: subject } : {};
}
