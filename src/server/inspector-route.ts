/**
 * The inspector of `colloquy inspect`: the static browser debugger (`src/web/inspector/`) at
 * `/inspect`, which talks to the REST channel and the HTTP API of the same server.
 * @module
 */
import { fileURLToPath } from 'node:url';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';

const INSPECTOR_DIR = fileURLToPath(new URL('../web/inspector/', import.meta.url));

/** The page path; its assets are served under `/inspect/…`. */
export const INSPECTOR_PATH = '/inspect';

const SECURITY_HEADERS: Readonly<Record<string, string>> = {
  // Only the page's own script and style run; it talks only to this server. Bot images may come from anywhere.
  'content-security-policy':
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data: https: http:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'",
  'x-content-type-options': 'nosniff',
  // The page URL may carry the API token (`?token=`): never send it on as a referrer.
  'referrer-policy': 'no-referrer',
};

/** Serves the inspector; an `ExtraPlugin` of `createServer`. */
export async function inspectorPlugin(app: FastifyInstance): Promise<void> {
  await app.register(fastifyStatic, {
    root: INSPECTOR_DIR,
    prefix: `${INSPECTOR_PATH}/`,
    setHeaders: (reply) => void reply.headers(SECURITY_HEADERS),
  });
  app.get(INSPECTOR_PATH, (_request, reply) => reply.sendFile('index.html'));
}
