import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelGroup } from '../../core/assistant.ts';
import { DEFAULT_JUDGE_EMBEDDINGS, DEFAULT_JUDGE_LLM, findConftest, JudgeConfigError, openJudge, parseJudgeSettings } from './judge-config.ts';

const GROUPS: ModelGroup[] = [
  { id: 'judge_llm', models: [{ provider: 'openai', model: 'gpt-4.1', apiKey: 'k', extra: {} }, { provider: 'openai', model: 'backup', extra: {} }] },
  { id: 'judge_embeddings', models: [{ provider: 'azure', model: 'ada', apiBase: 'https://x.openai.azure.com', deployment: 'emb', extra: {} }] },
];

const parse = (text: string, env: Record<string, string> = {}) => parseJudgeSettings('tests/conftest.yml', text, GROUPS, env);

describe('llm_judge in conftest.yml', () => {
  it('is absent without an llm_judge key, so generative assertions stay skipped', () => {
    expect(parse('fixtures: []\n')).toBeUndefined();
    expect(parse('')).toBeUndefined();
  });

  it("uses Rasa's default models when llm_judge leaves them out", () => {
    expect(parse('llm_judge:\n')).toEqual({ file: 'tests/conftest.yml', llm: DEFAULT_JUDGE_LLM, embeddings: DEFAULT_JUDGE_EMBEDDINGS });
  });

  it('resolves model groups of endpoints.yml (the first model of the group answers)', () => {
    const settings = parse('llm_judge:\n  llm:\n    model_group: judge_llm\n  embeddings:\n    model_group: judge_embeddings\n');
    expect(settings?.llm).toBe(GROUPS[0]);
    expect(settings?.embeddings).toBe(GROUPS[1]);
  });

  it('reads inline models with ${ENV} references; an api_base without provider is an OpenAI-compatible server', () => {
    const settings = parse(
      `llm_judge:
  llm:
    provider: anthropic
    model: claude-judge
    api_key: \${JUDGE_KEY}
    timeout: "20"
    max_retries: 1
    top_p: 0.5
  embeddings:
    api_base: \${EMBED_URL:-http://127.0.0.1:11434/v1}
    model: nomic-embed-text
`,
      { JUDGE_KEY: 'secret' },
    );
    expect(settings?.llm).toEqual({ provider: 'anthropic', model: 'claude-judge', apiKey: 'secret', timeout: 20, maxRetries: 1, temperature: 0, extra: { top_p: 0.5 } });
    expect(settings?.embeddings).toEqual({ provider: 'openai_compatible', model: 'nomic-embed-text', apiBase: 'http://127.0.0.1:11434/v1', extra: {} });
  });

  it.each([
    ['an unknown model group', 'llm_judge:\n  llm:\n    model_group: nope\n', "tests/conftest.yml:3: llm_judge.llm: no model group 'nope' in endpoints.yml (defined: judge_llm, judge_embeddings)"],
    ['a model that is not a mapping', 'llm_judge:\n  embeddings: gpt-4\n', 'tests/conftest.yml:2: llm_judge.embeddings: expected a mapping ({model_group: …} or {provider, model, …})'],
    ['an unset variable', 'llm_judge:\n  llm:\n    api_key: ${NOT_SET}\n', "tests/conftest.yml:3: llm_judge.llm.api_key: environment variable 'NOT_SET' is not set."],
    ['invalid YAML', 'llm_judge: [\n', 'tests/conftest.yml:2: invalid YAML'],
  ])('rejects %s, naming file, line and key', (_name, text, message) => {
    expect(() => parse(text)).toThrow(JudgeConfigError);
    expect(() => parse(text)).toThrow(message);
  });
});

describe('finding conftest.yml', () => {
  let root: string;
  beforeAll(async () => {
    root = await mkdtemp(join(tmpdir(), 'colloquy-conftest-'));
    await mkdir(join(root, 'project', 'e2e_tests', 'flows'), { recursive: true });
    await mkdir(join(root, 'elsewhere'), { recursive: true });
    await writeFile(join(root, 'project', 'e2e_tests', 'flows', 'a.yml'), 'test_cases: []\n');
    await writeFile(join(root, 'project', 'conftest.yml'), 'llm_judge:\n');
  });
  afterAll(async () => {
    await rm(root, { recursive: true, force: true });
  });

  it('takes the nearest one from the tests up to the project folder', async () => {
    const project = join(root, 'project');
    const tests = join(project, 'e2e_tests', 'flows', 'a.yml');
    expect(findConftest(tests, project)).toBe(join(project, 'conftest.yml'));

    await writeFile(join(project, 'e2e_tests', 'conftest.yaml'), 'llm_judge:\n');
    expect(findConftest(tests, project)).toBe(join(project, 'e2e_tests', 'conftest.yaml'));
    expect(findConftest(join(project, 'e2e_tests'), project)).toBe(join(project, 'e2e_tests', 'conftest.yaml'));
    await rm(join(project, 'e2e_tests', 'conftest.yaml'));
  });

  it('looks only in the test folder and the project folder for tests outside the project, never above', async () => {
    await writeFile(join(root, 'conftest.yml'), 'llm_judge:\n');
    expect(findConftest(join(root, 'elsewhere'), join(root, 'project'))).toBe(join(root, 'project', 'conftest.yml'));
    await writeFile(join(root, 'elsewhere', 'conftest.yml'), 'llm_judge:\n');
    expect(findConftest(join(root, 'elsewhere'), join(root, 'project'))).toBe(join(root, 'elsewhere', 'conftest.yml'));
    expect(findConftest(join(root, 'elsewhere'), join(root, 'missing'))).toBe(join(root, 'elsewhere', 'conftest.yml'));
    await rm(join(root, 'elsewhere', 'conftest.yml'));
    expect(findConftest(join(root, 'elsewhere'), join(root, 'missing'))).toBeUndefined();
  });

  it('reports an unusable provider when the judge is opened, naming the conftest file', async () => {
    await writeFile(join(root, 'elsewhere', 'conftest.yml'), 'llm_judge:\n  embeddings:\n    provider: anthropic\n    model: x\n');
    await expect(openJudge(join(root, 'elsewhere'), join(root, 'missing'), [], {})).rejects.toThrow(/conftest\.yml: llm_judge: anthropic has no embeddings API/);
    await rm(join(root, 'elsewhere', 'conftest.yml'));
  });
});
