import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, afterEach, describe, expect, it } from 'vitest';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

const starter = fileURLToPath(new URL('../../examples/starter/', import.meta.url));
const KEYS = ['OPENAI_API_KEY', 'ANTHROPIC_API_KEY'] as const;
const saved = Object.fromEntries(KEYS.map((k) => [k, process.env[k]]));
const temps: string[] = [];

afterEach(() => {
  for (const key of KEYS) {
    if (saved[key] === undefined) delete process.env[key];
    else process.env[key] = saved[key];
  }
});

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The starter with `pipeline` in config.yml and `endpoints` as endpoints.yml. */
function projectWith(pipeline: string, endpoints = ''): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-llm-keys-'));
  temps.push(dir);
  cpSync(starter, dir, { recursive: true, filter: (src) => !src.includes('.colloquy') && !src.endsWith('/llm') });
  writeFileSync(join(dir, 'config.yml'), `recipe: default.v1\nlanguage: en\nassistant_id: bank\npipeline:\n${pipeline}`);
  writeFileSync(join(dir, 'endpoints.yml'), `action_endpoint:\n  actions_module: actions\n${endpoints}`);
  return dir;
}

async function validate(dir: string): Promise<{ code: number; out: string }> {
  let out = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (out += t), color: false };
  const code = await main(['validate', '--project', dir], io);
  return { code, out };
}

const compactOpenAi = '  - name: CompactLLMCommandGenerator\n    llm:\n      provider: openai\n      model: gpt-4o\n    flow_retrieval:\n      active: false\n';

describe('validate warns about an LLM command generator without its API key', () => {
  it('names the variable to set, at the generator in config.yml, and passes once it is set', async () => {
    const dir = projectWith(compactOpenAi);
    delete process.env.OPENAI_API_KEY;
    const missing = await validate(dir);
    expect(missing.code).toBe(0);
    expect(missing.out).toContain("config.yml:7:7 warning pipeline[0].llm: CompactLLMCommandGenerator calls provider 'openai' for its LLM, but OPENAI_API_KEY is not set");
    expect(missing.out).toContain('0 errors, 1 warning\n');

    process.env.OPENAI_API_KEY = 'sk-test';
    expect(await validate(dir)).toEqual({ code: 0, out: '0 errors, 0 warnings\n' });
  });

  it('checks the models of a model group, flow retrieval embeddings, anthropic and azure', async () => {
    delete process.env.OPENAI_API_KEY;
    delete process.env.ANTHROPIC_API_KEY;
    const group = (model: string) => `model_groups:\n  - id: main\n    models:\n${model}`;
    const viaGroup = '  - name: SearchReadyLLMCommandGenerator\n    llm:\n      model_group: main\n';

    const anthropic = await validate(projectWith(`${viaGroup}    flow_retrieval:\n      active: false\n`, group('      - provider: anthropic\n        model: claude-sonnet-4-5\n')));
    expect(anthropic.out).toMatch(/^config\.yml:7:7 warning pipeline\[0\]\.llm: .* provider 'anthropic' for its LLM, but ANTHROPIC_API_KEY is not set/m);

    const azure = await validate(projectWith(`${viaGroup}    flow_retrieval:\n      active: false\n`, group('      - provider: azure\n        deployment: gpt-4o\n        api_base: https://x.openai.azure.com\n')));
    expect(azure.out).toContain("provider 'azure' for its LLM, but the model sets no 'api_key'");

    // A local OpenAI-compatible server needs no key, but flow retrieval's default embeddings (OpenAI) do.
    const local = await validate(projectWith(viaGroup, group('      - provider: ollama\n        model: llama3\n        api_base: http://127.0.0.1:11434/v1\n')));
    expect(local.out).not.toContain('for its LLM');
    expect(local.out).toMatch(/^config\.yml:5:11 warning pipeline\[0\]\.name: SearchReadyLLMCommandGenerator calls provider 'openai' for flow retrieval embeddings, but OPENAI_API_KEY is not set/m);
  });

  it('says nothing for the offline generator', async () => {
    delete process.env.OPENAI_API_KEY;
    expect(await validate(projectWith('  - name: OfflineCommandGenerator\n'))).toEqual({ code: 0, out: '0 errors, 0 warnings\n' });
  });

  it("reports the rephraser's missing key and missing prompt file", async () => {
    delete process.env.OPENAI_API_KEY;
    const offline = '  - name: OfflineCommandGenerator\n';
    const noKey = await validate(projectWith(offline, 'nlg:\n  type: rephrase\n'));
    expect(noKey.out).toMatch(/^endpoints\.yml:4:9 warning nlg\.type: the rephraser calls provider 'openai', but OPENAI_API_KEY is not set: every response would be sent as written\./m);
    const noPrompt = await validate(projectWith(offline, 'nlg:\n  type: rephrase\n  prompt: prompts/missing.jinja2\n  llm:\n    provider: ollama\n    model: llama3\n    api_base: http://127.0.0.1:11434/v1\n'));
    expect(noPrompt.code).toBe(1);
    expect(noPrompt.out).toMatch(/^endpoints\.yml:5:11 error nlg\.prompt: the rephraser's prompt template 'prompts\/missing\.jinja2' does not exist\./m);
    expect(noPrompt.out).not.toContain('rephraser calls provider');
  });

  it("reports IntentlessPolicy's missing keys at the policy", async () => {
    delete process.env.OPENAI_API_KEY;
    const dir = projectWith('  - name: OfflineCommandGenerator\n');
    writeFileSync(join(dir, 'config.yml'), 'recipe: default.v1\nlanguage: en\nassistant_id: bank\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n  - name: FlowPolicy\n  - name: IntentlessPolicy\n');
    const { out } = await validate(dir);
    expect(out).toMatch(/^config\.yml:8:11 warning policies\[1\]\.name: IntentlessPolicy calls provider 'openai' for its LLM, but OPENAI_API_KEY is not set: every chitchat would get utter_cannot_handle\./m);
    expect(out).toContain("IntentlessPolicy calls provider 'openai' for its embeddings");
  });
});
