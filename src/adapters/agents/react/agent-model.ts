/**
 * The language model of a ReAct sub-agent, from its `configuration.llm`: a `model_group` of
 * endpoints.yml (routed when it has a `router:`) or an inline model (`provider`/`type`, `model`, `api_base`, …).
 * @module
 */
import type { LanguageModel } from 'ai';
import type { Assistant, ModelConfig } from '../../../core/assistant.ts';
import { ModelConfigError, resolveModelOption } from '../../../core/model-config.ts';
import { modelOfGroup } from '../../llm/llm-client.ts';
import { languageModelFor } from '../../llm/provider-models.ts';
import { routedLanguageModel } from '../../llm/routed-language-model.ts';

/** Rasa's 3.14 default for sub-agents. */
const DEFAULT_MODEL: ModelConfig = { provider: 'openai', model: 'gpt-4o-2024-11-20', temperature: 0, extra: {} };

/** The agent's model, and the settings its calls use (a routed group's first model gives temperature, timeout, …). */
export function agentModel(assistant: Assistant, agentName: string, llm: Readonly<Record<string, unknown>> | undefined): { config: ModelConfig; model: LanguageModel } {
  try {
    const model = resolveModelOption(llm, DEFAULT_MODEL, assistant.endpoints.modelGroups);
    if (!('models' in model)) return { config: model, model: languageModelFor(model) };
    const config = modelOfGroup(model);
    return { config, model: model.router ? routedLanguageModel({ ...model, router: model.router }) : languageModelFor(config) };
  } catch (error) {
    if (error instanceof ModelConfigError) throw new Error(`sub-agent '${agentName}': ${error.message}`);
    throw error;
  }
}
