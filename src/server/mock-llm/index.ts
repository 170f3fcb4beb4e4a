/**
 * The OpenAI-compatible mock LLM (`colloquy mock-llm`) and its fixture format.
 * @module
 */
export { startMockLlm, type MockLlmOptions, type MockLlmServer, type RecordedRequest } from './mock-llm-server.ts';
export { mockLlmCommand, runMockLlm, type MockLlmCliOptions } from './mock-llm-command.ts';
export { loadFixtureFile, parseFixtures, type MockFixtures, type MockFixturesInput, type MockResponse, type MockRule } from './fixtures.ts';
export { hashedEmbedding } from './hashed-embedding.ts';
