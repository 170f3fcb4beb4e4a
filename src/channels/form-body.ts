/**
 * `application/x-www-form-urlencoded` bodies (Twilio's webhooks) as a plain string record; a
 * repeated key keeps its last value. Registered per route scope by the channels that need it.
 * @module
 */
import type { FastifyInstance } from 'fastify';

export function acceptFormBodies(scope: FastifyInstance): void {
  scope.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });
}
