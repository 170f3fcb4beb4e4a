import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadTestCases } from '../../src/cli/e2e/test-file.ts';
import { mockLlmForFile } from './mock-llm-env.ts';
import { runCli, STARTER } from './run-cli.ts';

const LLM = join(STARTER, 'llm');
const server = mockLlmForFile(join(LLM, 'mock_llm.yml'));

describe('the starter e2e suite with the LLM generator over a mock LLM', () => {
  it('passes every case, asking the LLM about every typed message', async () => {
    const cases = await loadTestCases(join(STARTER, 'e2e_tests'));

    const result = await runCli('test', 'e2e', '--project', STARTER, '--config', join(LLM, 'config.yml'), '--endpoints', join(LLM, 'endpoints.yml'));

    expect(result.err).toBe('');
    expect(result.out).toMatch(new RegExp(`^${cases.length} passed, 0 failed in [\\d.]+s\\n$`, 'm'));
    expect(result.code).toBe(0);
    // Button payloads are read without the LLM; every other user message is one command-generator request.
    const typed = cases.flatMap((c) => c.steps).filter((s) => 'user' in s && !s.user.startsWith('/'));
    const completions = server().requests.filter((r) => r.path === '/chat/completions');
    const bySearch = (r: (typeof completions)[number]) => (r.body as { model?: string }).model === 'mock-search-model';
    expect(completions.filter((r) => !bySearch(r))).toHaveLength(typed.length);
    // The knowledge questions (e2e_tests/knowledge.yml) each add one answer request, ranked by embeddings.
    expect(completions.filter(bySearch)).toHaveLength(4);
    expect(server().requests.some((r) => r.path === '/embeddings')).toBe(true);
  });
});
