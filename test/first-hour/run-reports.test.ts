import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, sh, shInBackground, waitFor } from './sh.ts';

const SLOW = 120_000;
const RUN = `"${process.execPath}" "${join(REPO_ROOT, 'bin/colloquy.js')}" run --project . -p 0 -i 127.0.0.1`;
const temps: string[] = [];

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

function starterWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-run-reports-'));
  temps.push(dir);
  cpSync(join(REPO_ROOT, 'examples/starter'), dir, { recursive: true, filter: (src) => !src.includes('.colloquy') && !src.endsWith('/llm') });
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
  return dir;
}

describe('colloquy run reports project problems before serving, at file:line:column', () => {
  it('refuses store settings it cannot use, naming the key in endpoints.yml', { timeout: SLOW }, async () => {
    const dir = starterWith({ 'endpoints.yml': 'action_endpoint:\n  actions_module: actions\ntracker_store:\n  type: redis\n  port: "not-a-port"\n' });
    const result = await sh(RUN, { cwd: dir, env: { ...process.env, NO_COLOR: '1' } });
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^endpoints\.yml:5:9 error tracker_store\.port: expected a number, got 'not-a-port'\./m);
  });

  it('warns at the default log level when the LLM command generator has no API key', { timeout: SLOW }, async () => {
    const dir = starterWith({ 'config.yml': 'recipe: default.v1\nlanguage: en\nassistant_id: bank\npipeline:\n  - name: CompactLLMCommandGenerator\n' });
    const env: NodeJS.ProcessEnv = { ...process.env, NO_COLOR: '1' };
    delete env.OPENAI_API_KEY;
    delete env.LOG_LEVEL;
    const server = shInBackground(RUN, { cwd: dir, env });
    try {
      await waitFor(() => server.output().out, (out) => out.includes('colloquy is serving'), 90_000);
      expect(server.output().err).toMatch(/^config\.yml:5:\d+ warning pipeline\[0\]\.name: CompactLLMCommandGenerator calls provider 'openai' for its LLM, but OPENAI_API_KEY is not set/m);
    } finally {
      await server.stop();
    }
  });
});
