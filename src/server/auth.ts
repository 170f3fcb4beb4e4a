/**
 * Rasa's API authentication: `?token=<auth token>`, or `Authorization: Bearer <JWT>` signed with
 * the JWT secret (HS256/384/512) or a PEM public key (RS, ES, PS algorithms); the JWT payload
 * `user: {username, role}` grants `admin` everything and `user` only its own conversation.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyRequest } from 'fastify';
import type { CryptoKey, JWTPayload } from 'jose';
import { HttpError } from './http-error.ts';

export interface AuthOptions {
  readonly authToken?: string;
  readonly jwtSecret?: string;
  /** Default `HS256`. */
  readonly jwtMethod?: string;
}

export type AuthCheck = (request: FastifyRequest) => Promise<void>;

const NOT_AUTHENTICATED = () => new HttpError(401, 'NotAuthenticated', 'User is not authenticated.', {}, 'Pass ?token=<auth token> or an Authorization: Bearer <JWT> header.');

/** The request check for protected routes, or `undefined` when no token and no JWT secret are configured (open API, as in Rasa). */
export async function createAuthCheck(options: AuthOptions): Promise<AuthCheck | undefined> {
  const { authToken, jwtSecret } = options;
  if (!authToken && !jwtSecret) return undefined;
  const method = options.jwtMethod ?? 'HS256';
  const verify = jwtSecret ? await jwtVerifier(jwtSecret, method) : undefined;

  return async (request) => {
    const token = queryToken(request.query);
    if (authToken && token !== undefined && sameSecret(token, authToken)) return;
    const bearer = bearerToken(request.headers.authorization);
    if (verify && bearer) {
      let payload: JWTPayload;
      try {
        payload = await verify(bearer);
      } catch {
        throw NOT_AUTHENTICATED();
      }
      if (hasScope(payload, conversationIdOf(request.params))) return;
      throw new HttpError(403, 'NotAuthorized', 'User has insufficient permissions.', {}, 'The JWT payload needs user.role "admin", or "user" with user.username equal to the conversation id.');
    }
    throw NOT_AUTHENTICATED();
  };
}

/** Checks a JWT's signature and returns its payload; jose is loaded only when a JWT secret is configured. */
async function jwtVerifier(secret: string, method: string): Promise<(token: string) => Promise<JWTPayload>> {
  const { importSPKI, jwtVerify } = await import('jose');
  let key: Uint8Array | CryptoKey;
  try {
    key = method.startsWith('HS') ? new TextEncoder().encode(secret) : await importSPKI(secret, method);
  } catch (error) {
    throw new Error(`--jwt-secret must be a PEM public key for --jwt-method ${method}: ${(error as Error).message}`, { cause: error });
  }
  return async (token) => (await jwtVerify(token, key, { algorithms: [method] })).payload;
}

function hasScope(payload: JWTPayload, conversationId: string | undefined): boolean {
  const user = payload.user;
  if (!user || typeof user !== 'object') return false;
  const { role, username } = user as { role?: unknown; username?: unknown };
  if (role === 'admin') return true;
  return role === 'user' && conversationId !== undefined && username === conversationId;
}

function queryToken(query: unknown): string | undefined {
  const token = (query as Record<string, unknown> | undefined)?.token;
  return typeof token === 'string' ? token : undefined;
}

function bearerToken(header: string | undefined): string | undefined {
  const match = header?.match(/^Bearer\s+(\S+)\s*$/i);
  return match?.[1];
}

function conversationIdOf(params: unknown): string | undefined {
  const id = (params as Record<string, unknown> | undefined)?.conversation_id;
  return typeof id === 'string' ? id : undefined;
}

function sameSecret(given: string, expected: string): boolean {
  const a = Buffer.from(given);
  const b = Buffer.from(expected);
  return a.length === b.length && timingSafeEqual(a, b);
}
