/**
 * HTTP Basic auth on telephony webhooks (Rasa's `requires_basic_auth`): when a channel's
 * credentials set `username` and `password`, requests without the matching `Authorization: Basic`
 * header are refused with 401 and a `WWW-Authenticate` challenge (Twilio first calls without
 * credentials and retries with them after the challenge). Without both keys the routes are open, as in Rasa.
 * @module
 */
import { timingSafeEqual } from 'node:crypto';
import type { FastifyReply, FastifyRequest } from 'fastify';

export interface BasicAuthCredentials {
  readonly username?: string | undefined;
  readonly password?: string | undefined;
}

/** The `username`/`password` keys of a channel's validated credentials. */
export function basicAuthOf(credentials: Readonly<Record<string, unknown>>): BasicAuthCredentials {
  const text = (value: unknown) => (typeof value === 'string' ? value : undefined);
  return { username: text(credentials['username']), password: text(credentials['password']) };
}

export type BasicAuthHook = (request: FastifyRequest, reply: FastifyReply) => Promise<void>;

/** An `onRequest` hook refusing requests without the credentials, or `undefined` when the channel sets none. */
export function basicAuthHook(credentials: BasicAuthCredentials, realm: string): BasicAuthHook | undefined {
  const { username, password } = credentials;
  if (!username || !password) return undefined;
  const expected = Buffer.from(`${username}:${password}`).toString('base64');
  return async (request, reply) => {
    if (hasCredentials(request.headers.authorization, expected)) return;
    reply.header('WWW-Authenticate', `Basic realm="${realm}"`);
    throw Object.assign(new Error(request.headers.authorization ? 'Invalid username or password.' : 'Authentication requested.'), { statusCode: 401 });
  };
}

function hasCredentials(header: string | undefined, expected: string): boolean {
  if (!header?.startsWith('Basic ')) return false;
  const given = Buffer.from(header.slice('Basic '.length).trim());
  const wanted = Buffer.from(expected);
  return given.length === wanted.length && timingSafeEqual(given, wanted);
}
