/**
 * LLM providers (OpenAI, Azure OpenAI, Anthropic, any OpenAI-compatible server) on the AI SDK.
 * @module
 */
export { createEmbeddingClient, createLlmClient, modelOfGroup, type LlmClientOptions } from './llm-client.ts';
export { createModelClients, type ModelClients } from './model-clients.ts';
