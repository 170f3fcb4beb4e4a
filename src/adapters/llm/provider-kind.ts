/**
 * Which API a model config is served by, and the key it needs. Kept apart from the AI SDK so that
 * `validate` can check keys without loading it.
 * @module
 */
import type { ModelConfig } from '../../core/assistant.ts';
import { LlmError } from '../../ports/llm-client.ts';

/** Providers served by any OpenAI-compatible HTTP server at `api_base`. */
const COMPATIBLE_PROVIDERS = new Set(['openai_compatible', 'openai-compatible', 'vllm', 'hosted_vllm', 'ollama', 'litellm', 'self-hosted', 'self_hosted', 'mistral', 'groq', 'together_ai', 'deepseek']);

export type ProviderKind = 'openai' | 'azure' | 'anthropic' | 'compatible';

export function providerKind(config: ModelConfig): ProviderKind {
  const provider = config.provider.toLowerCase();
  if (provider === 'azure') return 'azure';
  if (provider === 'anthropic') return 'anthropic';
  // Any other provider with an api_base is reached with the OpenAI wire format.
  if (config.apiBase || COMPATIBLE_PROVIDERS.has(provider)) return 'compatible';
  if (provider === 'openai') return 'openai';
  throw new LlmError(
    `unsupported LLM provider '${config.provider}': use openai, azure, anthropic, or set api_base for an OpenAI-compatible server`,
    'config',
  );
}

/** Where each provider looks for its key when the model sets no `api_key` (the AI SDK's defaults). */
const KEY_ENV: Partial<Record<ProviderKind, string>> = { openai: 'OPENAI_API_KEY', anthropic: 'ANTHROPIC_API_KEY' };

/**
 * What a model needs for an API key and lacks: the environment variable to set, `api_key` (azure
 * reads no variable), or `undefined` when it has a key or needs none (OpenAI-compatible servers).
 */
export function missingApiKey(config: ModelConfig, env: Readonly<Record<string, string | undefined>>): string | undefined {
  if (config.apiKey) return undefined;
  let kind: ProviderKind;
  try {
    kind = providerKind(config);
  } catch {
    return undefined; // an unsupported provider is reported on its own
  }
  if (kind === 'azure') return 'api_key';
  const variable = KEY_ENV[kind];
  return variable && !env[variable] ? variable : undefined;
}
