/**
 * Reads an LLM command generator's pipeline options (`llm`, `prompt_template`, `flow_retrieval`,
 * `user_input`) into typed settings, resolving `model_group` references against endpoints.yml.
 * @module
 */
import type { Assistant, ModelConfig, ModelGroup, PipelineComponent } from '../../core/assistant.ts';

export type GeneratorVariant = 'compact' | 'search_ready';

export interface GeneratorSettings {
  readonly variant: GeneratorVariant;
  readonly llm: ModelConfig | ModelGroup;
  /** Project-relative path of a custom template, if any. */
  readonly promptTemplate?: string;
  readonly flowRetrieval: {
    readonly active: boolean;
    readonly numFlows: number;
    readonly turnsToEmbed: number;
    readonly shouldEmbedSlots: boolean;
    readonly embeddings: ModelConfig | ModelGroup;
  };
  readonly maxCharacters: number;
}

/** Pipeline names handled by the LLM generator, and the prompt/DSL variant each uses. */
export const LLM_GENERATOR_VARIANTS: Readonly<Record<string, GeneratorVariant>> = {
  CompactLLMCommandGenerator: 'compact',
  SearchReadyLLMCommandGenerator: 'search_ready',
  // Legacy names: served by the compact prompt (their v1 output syntax is still parsed).
  SingleStepLLMCommandGenerator: 'compact',
  LLMCommandGenerator: 'compact',
};

/** Rasa's defaults for these generators. */
const DEFAULT_LLM: ModelConfig = { provider: 'openai', model: 'gpt-4o-2024-11-20', temperature: 0, timeout: 7, extra: {} };
const DEFAULT_EMBEDDINGS: ModelConfig = { provider: 'openai', model: 'text-embedding-3-large', extra: {} };
export const DEFAULT_MAX_CHARACTERS = 420;

export class GeneratorConfigError extends Error {
  constructor(component: string, key: string, problem: string) {
    super(`config.yml: pipeline component ${component}, key '${key}': ${problem}`);
    this.name = 'GeneratorConfigError';
  }
}

export function readGeneratorSettings(component: PipelineComponent, assistant: Assistant): GeneratorSettings {
  const variant = LLM_GENERATOR_VARIANTS[component.name];
  if (!variant) throw new GeneratorConfigError(component.name, 'name', 'not an LLM command generator');
  const options = component.options;
  const retrieval = record(options.flow_retrieval);
  const userInput = record(options.user_input);
  const promptTemplate = options.prompt_template ?? options.prompt;
  if (promptTemplate !== undefined && typeof promptTemplate !== 'string') {
    throw new GeneratorConfigError(component.name, 'prompt_template', 'must be a file path');
  }
  return {
    variant,
    llm: resolveModel(options.llm, DEFAULT_LLM, assistant, component.name, 'llm'),
    promptTemplate,
    flowRetrieval: {
      active: retrieval.active !== false,
      numFlows: positiveInt(retrieval.num_flows, 20),
      turnsToEmbed: positiveInt(retrieval.turns_to_embed, 1),
      shouldEmbedSlots: retrieval.should_embed_slots !== false,
      embeddings: resolveModel(retrieval.embeddings, DEFAULT_EMBEDDINGS, assistant, component.name, 'flow_retrieval.embeddings'),
    },
    maxCharacters: positiveInt(userInput.max_characters, DEFAULT_MAX_CHARACTERS),
  };
}

/** `{model_group: id}` ⇒ that group of endpoints.yml; an inline mapping ⇒ one model; absent ⇒ the default. */
function resolveModel(value: unknown, fallback: ModelConfig, assistant: Assistant, component: string, key: string): ModelConfig | ModelGroup {
  if (value === undefined || value === null) return fallback;
  const options = record(value);
  if (typeof options.model_group === 'string') {
    const group = assistant.endpoints.modelGroups.find((g) => g.id === options.model_group);
    if (!group) {
      const known = assistant.endpoints.modelGroups.map((g) => g.id).join(', ') || 'none';
      throw new GeneratorConfigError(component, `${key}.model_group`, `no model group '${options.model_group}' in endpoints.yml (defined: ${known})`);
    }
    return group;
  }
  return inlineModelConfig(options, fallback);
}

const KNOWN_KEYS = new Set(['provider', 'model', 'model_name', 'api_base', 'base_url', 'api_key', 'api_version', 'deployment', 'timeout', 'request_timeout', 'temperature', 'max_tokens', 'max_retries']);

function inlineModelConfig(options: Record<string, unknown>, fallback: ModelConfig): ModelConfig {
  const text = (v: unknown) => (typeof v === 'string' && v !== '' ? v : undefined);
  const num = (v: unknown) => (typeof v === 'number' ? v : typeof v === 'string' && v.trim() !== '' && Number.isFinite(Number(v)) ? Number(v) : undefined);
  const apiBase = text(options.api_base) ?? text(options.base_url);
  return {
    provider: text(options.provider) ?? (apiBase ? 'openai_compatible' : fallback.provider),
    model: text(options.model) ?? text(options.model_name) ?? fallback.model,
    apiBase,
    apiKey: text(options.api_key),
    apiVersion: text(options.api_version),
    deployment: text(options.deployment),
    timeout: num(options.timeout) ?? num(options.request_timeout) ?? fallback.timeout,
    temperature: num(options.temperature) ?? fallback.temperature,
    maxTokens: num(options.max_tokens),
    maxRetries: num(options.max_retries),
    extra: Object.fromEntries(Object.entries(options).filter(([k]) => !KNOWN_KEYS.has(k))),
  };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : fallback;
}
