/**
 * `GET /`, `/version`, `/status`, and the probes `/health` (liveness) and `/health/ready`
 * (readiness: 503 once shutdown began, so load balancers stop sending turns).
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AuthCheck } from './auth.ts';
import { HttpError } from './http-error.ts';
import type { ModelInfo } from './server-options.ts';
import { COLLOQUY_VERSION } from './version.ts';

export interface HealthRoutesOptions {
  readonly currentModel: () => ModelInfo;
  readonly auth?: AuthCheck;
  readonly ready: () => boolean;
}

export const healthRoutes: FastifyPluginAsync<HealthRoutesOptions> = async (app, { currentModel, auth, ready }) => {
  app.get('/', async (_request, reply) => reply.type('text/plain; charset=utf-8').send(`Hello from colloquy: ${COLLOQUY_VERSION}`));
  app.get('/version', async () => ({ version: COLLOQUY_VERSION, minimum_compatible_version: COLLOQUY_VERSION }));
  app.get('/health', async () => ({ status: 'ok' }));
  app.get('/health/ready', async () => {
    if (!ready()) throw new HttpError(503, 'ServiceUnavailable', 'The server is shutting down.');
    return { status: 'ready' };
  });
  app.get('/status', { ...(auth ? { onRequest: auth } : {}) }, async () => {
    const model = currentModel();
    return { model_id: model.modelId, model_file: model.modelFile ?? null, num_active_training_jobs: 0 };
  });
};
