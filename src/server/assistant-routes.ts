/**
 * The assistant part of Rasa's HTTP API: `GET /domain`, `GET /flows`, `PUT /model` (hot reload).
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { domainToJson } from '../ports/domain-json.ts';
import { flowsToJson } from './flows-json.ts';
import { HttpError } from './http-error.ts';
import type { ModelInfo } from './server-options.ts';

export interface AssistantRoutesOptions {
  readonly currentModel: () => ModelInfo;
  /** Absent: `PUT /model` is not served. */
  readonly reloadModel?: (modelFile: string) => Promise<void>;
}

const modelBody = z.object({ model_file: z.string().min(1).max(4096) });

export const assistantRoutes: FastifyPluginAsync<AssistantRoutesOptions> = async (app, { currentModel, reloadModel }) => {
  app.get('/domain', async () => domainToJson(currentModel().assistant.domain));
  app.get('/flows', async () => flowsToJson(currentModel().assistant.flows));

  if (reloadModel) {
    app.put('/model', async (request, reply) => {
      const { model_file } = modelBody.parse(request.body);
      try {
        await reloadModel(model_file);
      } catch (error) {
        request.log.warn({ err: error, model_file }, 'model reload failed');
        throw new HttpError(400, 'LoadingError', `Could not load the model '${model_file}': ${(error as Error).message}`);
      }
      return reply.code(204).send();
    });
  }
};
