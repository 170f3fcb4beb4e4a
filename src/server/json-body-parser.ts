/**
 * Parses JSON bodies strictly: invalid UTF-8 is a 400 instead of silently becoming U+FFFD, and
 * prototype-poisoning keys are refused, as fastify's default parser does.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { HttpError } from './http-error.ts';

export function useStrictJsonParser(app: FastifyInstance): void {
  const parseJson = app.getDefaultJsonParser('error', 'error');
  const utf8 = new TextDecoder('utf-8', { fatal: true });
  app.removeContentTypeParser('application/json');
  app.addContentTypeParser('application/json', { parseAs: 'buffer' }, (request, body, done) => {
    let text: string;
    try {
      text = utf8.decode(body as Buffer);
    } catch {
      done(new HttpError(400, 'BadRequest', 'The request body is not valid UTF-8.'), undefined);
      return;
    }
    parseJson(request, text, done);
  });
}
