/**
 * `GET /metrics`: the Prometheus text exposition, when `metrics: {type: prometheus}` is configured.
 * Protected like the HTTP API: with `--auth-token` or `--jwt-secret` set, scrapers pass `?token=`
 * or a bearer JWT with the admin role.
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import type { AuthCheck } from './auth.ts';

export interface MetricsSource {
  scrape(): Promise<{ readonly contentType: string; readonly body: string }>;
}

export const metricsRoute: FastifyPluginAsync<{ readonly metrics: MetricsSource; readonly auth?: AuthCheck }> = async (app, { metrics, auth }) => {
  app.get('/metrics', { ...(auth ? { onRequest: auth } : {}) }, async (_request, reply) => {
    const { contentType, body } = await metrics.scrape();
    return reply.type(contentType).send(body);
  });
};
