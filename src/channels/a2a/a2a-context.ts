/**
 * What the route modules share: the task service, the card, auth, and stream settings.
 * @module
 */
import type { FastifyRequest } from 'fastify';
import type { Assistant } from '../../core/assistant.ts';
import { A2aError } from './a2a-errors.ts';
import { parseVersionHeader } from './codecs.ts';
import type { Generation } from './task-model.ts';
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

/**
 * Both HTTP bindings take JSON bodies: `application/json` (JSON-RPC, spec §9.1) or
 * `application/a2a+json` (HTTP+JSON, §11), any `+json` type, with or without parameters.
 */
export function checkJsonContentType(request: FastifyRequest): void {
  const essence = request.headers['content-type']?.split(';')[0]?.trim().toLowerCase();
  if (essence === 'application/json' || essence?.endsWith('+json')) return;
  throw new A2aError('unsupported_media_type', `Content-Type '${request.headers['content-type'] ?? '(none)'}' is not supported; send application/json.`);
}

/** The `A2A-Version` service parameter: the header, else the `A2A-Version` query parameter (spec §3.6.1); none = 0.3. */
export function requestedVersion(request: FastifyRequest): { readonly raw?: string; readonly generation: Generation | 'unsupported' } {
  const header = request.headers['a2a-version'];
  const query = (request.query as Record<string, unknown> | undefined)?.['A2A-Version'];
  const raw = (Array.isArray(header) ? header[0] : header) ?? (typeof query === 'string' ? query : undefined);
  return { raw, generation: parseVersionHeader(raw) };
}
