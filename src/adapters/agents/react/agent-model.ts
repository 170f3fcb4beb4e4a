/**
 * The language model of a ReAct sub-agent, from its `configuration.llm`: a `model_group` of
 * endpoints.yml or an inline model (`provider`/`type`, `model`, `api_base`, …).
 * @module
 */
import type { LanguageModel } from 'ai';
import type { Assistant, ModelConfig } from '../../../core/assistant.ts';
import { ModelConfigError, resolveModelOption } from '../../../core/model-config.ts';
import { modelOfGroup } from '../../llm/llm-client.ts';
import { languageModelFor } from '../../llm/provider-models.ts';

/** Rasa's 3.14 default for sub-agents. */
const DEFAULT_MODEL: ModelConfig = { provider: 'openai', model: 'gpt-4o-2024-11-20', temperature: 0, extra: {} };

export function agentModelConfig(assistant: Assistant, agentName: string, llm: Readonly<Record<string, unknown>> | undefined): ModelConfig {
  try {
    const model = resolveModelOption(llm, DEFAULT_MODEL, assistant.endpoints.modelGroups);
    return 'models' in model ? modelOfGroup(model) : model;
  } catch (error) {
    if (error instanceof ModelConfigError) throw new Error(`sub-agent '${agentName}': ${error.message}`);
    throw error;
  }
}

export function agentLanguageModel(config: ModelConfig): LanguageModel {
  return languageModelFor(config);
}
