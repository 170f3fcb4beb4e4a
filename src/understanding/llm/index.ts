/**
 * LLM command generators (`CompactLLMCommandGenerator`, `SearchReadyLLMCommandGenerator`).
 * @module
 */
export { createLlmCommandGenerator, LlmCommandGenerator, type LlmGeneratorDeps } from './llm-command-generator.ts';
export { GeneratorConfigError, LLM_GENERATOR_VARIANTS, type GeneratorSettings, type GeneratorVariant } from './generator-settings.ts';
