/**
 * The language model of a ReAct sub-agent, from its `configuration.llm`: a `model_group` of
 * endpoints.yml or an inline model (`provider`/`type`, `model`, `api_base`, …).
 * @module
 */
import type { LanguageModel } from 'ai';
import type { Assistant, ModelConfig } from '../../../core/assistant.ts';
import { modelOfGroup } from '../../llm/llm-client.ts';
import { languageModelFor } from '../../llm/provider-models.ts';

/** Rasa's 3.14 default for sub-agents. */
const DEFAULT_MODEL: ModelConfig = { provider: 'openai', model: 'gpt-4o-2024-11-20', temperature: 0, extra: {} };

const text = (v: unknown): string | undefined => (typeof v === 'string' && v !== '' ? v : undefined);
const num = (v: unknown): number | undefined => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);

export function agentModelConfig(assistant: Assistant, agentName: string, llm: Readonly<Record<string, unknown>> | undefined): ModelConfig {
  if (!llm) return DEFAULT_MODEL;
  if (typeof llm.model_group === 'string') {
    const group = assistant.endpoints.modelGroups.find((g) => g.id === llm.model_group);
    if (!group) throw new Error(`sub-agent '${agentName}': model group '${llm.model_group}' is not defined in endpoints.yml model_groups`);
    return modelOfGroup(group);
  }
  const apiBase = text(llm.api_base) ?? text(llm.base_url);
  const provider = text(llm.provider) ?? text(llm.type) ?? (apiBase ? 'openai_compatible' : DEFAULT_MODEL.provider);
  return {
    provider,
    model: text(llm.model) ?? text(llm.model_name) ?? DEFAULT_MODEL.model,
    ...(apiBase ? { apiBase } : {}),
    ...(text(llm.api_key) ? { apiKey: text(llm.api_key) } : {}),
    ...(text(llm.api_version) ? { apiVersion: text(llm.api_version) } : {}),
    ...(text(llm.deployment) ? { deployment: text(llm.deployment) } : {}),
    ...(num(llm.timeout) !== undefined ? { timeout: num(llm.timeout) } : {}),
    temperature: num(llm.temperature) ?? 0,
    ...(num(llm.max_tokens) !== undefined ? { maxTokens: num(llm.max_tokens) } : {}),
    extra: {},
  };
}

export function agentLanguageModel(config: ModelConfig): LanguageModel {
  return languageModelFor(config);
}
