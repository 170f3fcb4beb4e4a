/**
 * An AI SDK `LanguageModel` over a routed model group, for callers that drive the model themselves
 * (the ReAct sub-agents' tool loop): each generate or stream call goes through the group's router.
 * @module
 */
import { wrapLanguageModel, type LanguageModel, type LanguageModelMiddleware } from 'ai';
import type { ModelGroup, ModelRouterSettings } from '../../core/assistant.ts';
import { languageModelFor } from './provider-models.ts';
import { routerOf } from './routed-clients.ts';

type ProviderModel = Parameters<typeof wrapLanguageModel>[0]['model'];

export function routedLanguageModel(group: ModelGroup & { readonly router: ModelRouterSettings }): LanguageModel {
  const models = group.models.map((m) => languageModelFor(m) as ProviderModel);
  const router = routerOf(group);
  const middleware: LanguageModelMiddleware = {
    specificationVersion: 'v3',
    wrapGenerate: ({ params }) =>
      router.run(
        async (i) => models[i]!.doGenerate(params),
        (r) => (r.usage.inputTokens.total ?? 0) + (r.usage.outputTokens.total ?? 0),
        params.abortSignal,
      ),
    // A stream fails over only while it opens; once it delivers, it belongs to its model.
    wrapStream: ({ params }) => router.run(async (i) => models[i]!.doStream(params), undefined, params.abortSignal),
  };
  return wrapLanguageModel({ model: models[0]!, middleware, modelId: group.id });
}
