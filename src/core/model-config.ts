/**
 * An `llm:`/`embeddings:` option as projects write it (command generators, sub-agents, the e2e judge):
 * `{model_group: id}` naming a group of endpoints.yml, or an inline model with the keys of a group entry.
 * @module
 */
import type { ModelConfig, ModelGroup } from './assistant.ts';

export class ModelConfigError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'ModelConfigError';
  }
}

const MODEL_KEYS = new Set(['provider', 'type', 'model', 'model_name', 'api_base', 'base_url', 'api_key', 'api_version', 'deployment', 'timeout', 'request_timeout', 'temperature', 'max_tokens', 'max_retries']);

/** The group or inline model `value` names; `fallback` when it is absent. Throws `ModelConfigError` for an unknown group. */
export function resolveModelOption(value: unknown, fallback: ModelConfig, modelGroups: readonly ModelGroup[]): ModelConfig | ModelGroup {
  if (value === undefined || value === null) return fallback;
  const options = value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
  if (options.model_group !== undefined) {
    const group = modelGroups.find((g) => g.id === options.model_group);
    if (!group) {
      const known = modelGroups.map((g) => g.id).join(', ') || 'none';
      throw new ModelConfigError(`no model group '${String(options.model_group)}' in endpoints.yml (defined: ${known})`);
    }
    return group;
  }
  return inlineModelConfig(options, fallback);
}

/** An inline model; keys it does not set come from `fallback` (provider, model, timeout, temperature). */
export function inlineModelConfig(options: Readonly<Record<string, unknown>>, fallback: ModelConfig): ModelConfig {
  const text = (key: string): string | undefined => (typeof options[key] === 'string' && options[key] !== '' ? options[key] : undefined);
  const num = (key: string): number | undefined => {
    const value = options[key];
    const n = typeof value === 'string' && value.trim() !== '' ? Number(value) : value;
    return typeof n === 'number' && Number.isFinite(n) ? n : undefined;
  };
  const apiBase = text('api_base') ?? text('base_url');
  const optional = {
    apiBase,
    apiKey: text('api_key'),
    apiVersion: text('api_version'),
    deployment: text('deployment'),
    timeout: num('timeout') ?? num('request_timeout') ?? fallback.timeout,
    temperature: num('temperature') ?? fallback.temperature,
    maxTokens: num('max_tokens'),
    maxRetries: num('max_retries'),
  };
  return {
    provider: text('provider') ?? text('type') ?? (apiBase ? 'openai_compatible' : fallback.provider),
    model: text('model') ?? text('model_name') ?? fallback.model,
    ...Object.fromEntries(Object.entries(optional).filter(([, v]) => v !== undefined)),
    extra: Object.fromEntries(Object.entries(options).filter(([k]) => !MODEL_KEYS.has(k))),
  };
}
