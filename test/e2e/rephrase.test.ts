import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startMockLlm, type MockLlmServer } from '../../src/server/mock-llm/index.ts';
import { runCli } from './run-cli.ts';

const PROJECT = fileURLToPath(new URL('../fixtures/rephrase/', import.meta.url));
let server: MockLlmServer;
let downUrl: string;
const previousUrl = process.env.MOCK_LLM_URL;

beforeAll(async () => {
  server = await startMockLlm({ fixtures: `${PROJECT}mock_llm.yml`, port: 0, host: '127.0.0.1' });
  const closed = await startMockLlm({ fixtures: `${PROJECT}mock_llm.yml`, port: 0, host: '127.0.0.1' });
  downUrl = closed.url;
  await closed.close();
});

afterAll(async () => {
  if (previousUrl === undefined) delete process.env.MOCK_LLM_URL;
  else process.env.MOCK_LLM_URL = previousUrl;
  await server.close();
});

const prompts = () => server.requests.filter((r) => r.path === '/chat/completions').map((r) => JSON.stringify(r.body));

describe('the Contextual Response Rephraser over the mock LLM', () => {
  it('rephrases responses with rephrase: true (and rephrase_prompt), and sends the others as written', async () => {
    process.env.MOCK_LLM_URL = server.url;
    const result = await runCli('test', 'e2e', `${PROJECT}e2e_tests`, '--project', PROJECT);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    expect(result.code).toBe(0);
    // utter_hours and utter_branch, and after each flow utter_ask_continue_conversation (a default pattern response with rephrase: True).
    expect(prompts()).toHaveLength(4);
    expect(prompts().some((p) => p.includes('Planned reply: Anything about hours'))).toBe(false);
  });

  it('falls back to the template text when the LLM is down', async () => {
    process.env.MOCK_LLM_URL = downUrl;
    const result = await runCli('test', 'e2e', `${PROJECT}outage_tests`, '--project', PROJECT);
    expect(result.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    expect(result.code).toBe(0);
  });
});
