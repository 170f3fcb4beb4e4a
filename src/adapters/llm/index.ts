/**
 * LLM providers (OpenAI, Azure OpenAI, Anthropic, any OpenAI-compatible server) on the AI SDK.
 * @module
 */
export { createEmbeddingClient, createLlmClient, modelOfGroup, type LlmClientOptions } from './llm-client.ts';
export { createModelClients, embeddingClientOf, llmClientOf, type ModelClients } from './model-clients.ts';
