import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mockLlmForFile, stoppedMockLlmUrl } from './mock-llm-env.ts';
import { runCli } from './run-cli.ts';

const PROJECT = fileURLToPath(new URL('../fixtures/intentless/', import.meta.url));
const server = mockLlmForFile(`${PROJECT}mock_llm.yml`);

describe('IntentlessPolicy over the mock LLM', () => {
  it('answers chitchat with the domain response closest to the LLM answer, offering only responses no flow uses', async () => {
    const result = await runCli('test', 'e2e', `${PROJECT}e2e_tests`, '--project', PROJECT);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    expect(result.code).toBe(0);
    const prompts = server().requests.filter((r) => r.path === '/chat/completions').map((r) => JSON.stringify(r.body));
    expect(prompts).toHaveLength(2);
    expect(prompts.every((p) => p.includes('outstanding in his field') && !p.includes('open from 9 to 5'))).toBe(true);
  });

  it('answers utter_cannot_handle when the LLM is down', async () => {
    process.env.MOCK_LLM_URL = await stoppedMockLlmUrl(`${PROJECT}mock_llm.yml`);
    try {
      const result = await runCli('test', 'e2e', `${PROJECT}outage_tests`, '--project', PROJECT);
      expect(result.out).toMatch(/^1 passed, 0 failed in [\d.]+s\n$/m);
    } finally {
      process.env.MOCK_LLM_URL = server().url;
    }
  });
});
