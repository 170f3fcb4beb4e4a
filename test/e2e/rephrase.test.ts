import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { mockLlmForFile, stoppedMockLlmUrl } from './mock-llm-env.ts';
import { runCli } from './run-cli.ts';

const PROJECT = fileURLToPath(new URL('../fixtures/rephrase/', import.meta.url));
const server = mockLlmForFile(`${PROJECT}mock_llm.yml`);

const prompts = () => server().requests.filter((r) => r.path === '/chat/completions').map((r) => JSON.stringify(r.body));

describe('the Contextual Response Rephraser over the mock LLM', () => {
  it('rephrases responses with rephrase: true (and rephrase_prompt), and sends the others as written', async () => {
    const result = await runCli('test', 'e2e', `${PROJECT}e2e_tests`, '--project', PROJECT);
    expect(result.err).toBe('');
    expect(result.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    expect(result.code).toBe(0);
    // utter_hours and utter_branch, and after each flow utter_ask_continue_conversation (a default pattern response with rephrase: True).
    expect(prompts()).toHaveLength(4);
    expect(prompts().some((p) => p.includes('Planned reply: Anything about hours'))).toBe(false);
  });

  it('falls back to the template text when the LLM is down', async () => {
    process.env.MOCK_LLM_URL = await stoppedMockLlmUrl(`${PROJECT}mock_llm.yml`);
    const result = await runCli('test', 'e2e', `${PROJECT}outage_tests`, '--project', PROJECT);
    expect(result.out).toMatch(/^2 passed, 0 failed in [\d.]+s\n$/m);
    expect(result.code).toBe(0);
  });
});
