/**
 * The mock LLM the e2e suites run against over HTTP, found by the projects' endpoints through
 * MOCK_LLM_URL.
 */
import { afterAll, beforeAll } from 'vitest';
import { startMockLlm, type MockLlmServer } from '../../src/server/mock-llm/index.ts';

/**
 * For the test file: a mock LLM serving `fixtures`, started before its tests with MOCK_LLM_URL
 * pointing at it; after them it is stopped and MOCK_LLM_URL restored.
 */
export function mockLlmForFile(fixtures: string): () => MockLlmServer {
  const previousUrl = process.env.MOCK_LLM_URL;
  let server: MockLlmServer | undefined;
  beforeAll(async () => {
    server = await startMockLlm({ fixtures, port: 0, host: '127.0.0.1' });
    process.env.MOCK_LLM_URL = server.url;
  });
  afterAll(async () => {
    if (previousUrl === undefined) delete process.env.MOCK_LLM_URL;
    else process.env.MOCK_LLM_URL = previousUrl;
    await server?.close();
  });
  return () => {
    if (!server) throw new Error('the mock LLM runs only while the file’s tests do');
    return server;
  };
}

/** A URL where a mock LLM served and no longer does: the LLM is down. */
export async function stoppedMockLlmUrl(fixtures: string): Promise<string> {
  const stopped = await startMockLlm({ fixtures, port: 0, host: '127.0.0.1' });
  await stopped.close();
  return stopped.url;
}
