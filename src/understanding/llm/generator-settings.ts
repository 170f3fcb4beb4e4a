/**
 * Reads an LLM command generator's pipeline options (`llm`, `prompt_template`, `flow_retrieval`,
 * `user_input`) into typed settings, resolving `model_group` references against endpoints.yml.
 * @module
 */
import type { Assistant, ModelConfig, ModelGroup, PipelineComponent } from '../../core/assistant.ts';
import { ModelConfigError, resolveModelOption } from '../../core/model-config.ts';
import { isKnownTimeZone } from '../../core/time-zone.ts';
import { maxCharactersOf } from '../user-input.ts';

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
  /** `include_date_time` (default true): templates get `current_datetime` in `timezone` (default UTC). */
  readonly dateTime?: { readonly timezone: string };
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
    maxCharacters: maxCharactersOf(component),
    ...dateTimeSettings(component),
  };
}

function dateTimeSettings(component: PipelineComponent): Pick<GeneratorSettings, 'dateTime'> {
  const { include_date_time: include, timezone } = component.options;
  if (include !== undefined && typeof include !== 'boolean') throw new GeneratorConfigError(component.name, 'include_date_time', 'must be true or false');
  if (include === false) return {};
  const zone = timezone ?? 'UTC';
  if (typeof zone !== 'string' || !isKnownTimeZone(zone)) {
    throw new GeneratorConfigError(component.name, 'timezone', `'${String(zone)}' is not an IANA time zone name (e.g. 'UTC', 'Europe/Berlin')`);
  }
  return { dateTime: { timezone: zone } };
}

/** Unknown model groups are reported with the component and key that name them. */
function resolveModel(value: unknown, fallback: ModelConfig, assistant: Assistant, component: string, key: string): ModelConfig | ModelGroup {
  try {
    return resolveModelOption(value, fallback, assistant.endpoints.modelGroups);
  } catch (error) {
    if (error instanceof ModelConfigError) throw new GeneratorConfigError(component, `${key}.model_group`, error.message);
    throw error;
  }
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

function positiveInt(value: unknown, fallback: number): number {
  const n = typeof value === 'string' ? Number(value) : value;
  return typeof n === 'number' && Number.isInteger(n) && n > 0 ? n : fallback;
}
