/**
 * Answers every failure, unknown route included, with the JSON error body; logs server faults.
 * @module
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import { HttpError, toHttpError } from './http-error.ts';
import { drainThenAnswer } from './oversized-body.ts';

export function useJsonErrors(app: FastifyInstance): void {
  app.setErrorHandler((error, request, reply) => sendError(error, request, reply));
  app.setNotFoundHandler((request, reply) => {
    const path = request.url.split('?')[0]?.slice(0, 200) ?? '';
    return reply.code(404).send(new HttpError(404, 'NotFound', `No route ${request.method} ${path}.`).toBody());
  });
}

/** Also serves as fastify's `frameworkErrors` handler (bad URLs, unparsable headers). */
export function sendError(error: unknown, request: FastifyRequest, reply: FastifyReply): FastifyReply {
  const { error: httpError, internal } = toHttpError(error);
  if (internal) request.log.error({ err: error }, 'request failed');
  const answer = () => reply.code(httpError.statusCode).type('application/json; charset=utf-8').send(httpError.toBody());
  if (httpError.statusCode !== 413) return answer();
  drainThenAnswer(request, reply, answer);
  return reply;
}
