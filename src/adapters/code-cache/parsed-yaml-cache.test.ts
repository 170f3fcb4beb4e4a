import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { loadProject } from '../../project/index.ts';
import { CODE_CACHE_FOLDER } from './compiled-module.ts';
import { openParsedYamlCache } from './parsed-yaml-cache.ts';

const STARTER = join(import.meta.dirname, '../../../examples/starter');

function starterCopy(): string {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-yaml-cache-'));
  cpSync(STARTER, root, { recursive: true, filter: (source) => !source.includes('.colloquy') });
  return root;
}

async function load(root: string, env: Record<string, string> = {}) {
  const cache = openParsedYamlCache(root);
  const result = await loadProject(root, { env, yamlCache: cache });
  cache.save();
  return result;
}

const cacheFile = (root: string) => join(root, CODE_CACHE_FOLDER, 'parsed-yaml.json');

describe('parsed YAML cache', () => {
  it('loads the same assistant, source positions and diagnostics from the cache as from the YAML', async () => {
    const root = starterCopy();
    // A warning, so a diagnostic position is looked up too.
    writeFileSync(join(root, 'data/rules.yml'), 'version: "3.1"\nrules:\n  - rule: greet\n    steps: []\n');
    const parsed = await load(root);
    expect(parsed.diagnostics.length).toBeGreaterThan(0);
    const written = readFileSync(cacheFile(root), 'utf8');
    const cached = await load(root);
    expect(cached).toEqual(parsed);
    // Nothing new was looked up: the file is not written again.
    expect(readFileSync(cacheFile(root), 'utf8')).toBe(written);
  });

  it('parses an edited file again, and keeps only the files of the last load', async () => {
    const root = starterCopy();
    await load(root);
    const before = Object.keys((JSON.parse(readFileSync(cacheFile(root), 'utf8')) as { entries: object }).entries);
    const config = join(root, 'config.yml');
    writeFileSync(config, readFileSync(config, 'utf8').replace('assistant_id: starter_bank', 'assistant_id: edited_bank'));
    const { assistant } = await load(root);
    expect(assistant?.config.assistantId).toBe('edited_bank');
    const after = Object.keys((JSON.parse(readFileSync(cacheFile(root), 'utf8')) as { entries: object }).entries);
    expect(after).toHaveLength(before.length);
    expect(after.filter((key) => !before.includes(key))).toHaveLength(1);
  });

  it('never writes endpoints or credentials, whose values may be secrets', async () => {
    const root = starterCopy();
    writeFileSync(join(root, 'endpoints.yml'), 'action_endpoint:\n  actions_module: actions\n  token: literal-secret-value\n');
    await load(root, { SECRET: 'from-the-environment' });
    expect(readFileSync(cacheFile(root), 'utf8')).not.toContain('literal-secret-value');
  });

  it('keeps out content JSON would change, and loads without a writable cache', async () => {
    const root = starterCopy();
    const cache = openParsedYamlCache(root);
    cache.set('limit: .inf\n', { data: { limit: Infinity }, positions: {} });
    cache.set('limit: 5\n', { data: { limit: 5 }, positions: {} });
    cache.save();
    expect(Object.values((JSON.parse(readFileSync(cacheFile(root), 'utf8')) as { entries: object }).entries)).toEqual([{ data: { limit: 5 }, positions: {} }]);

    const readOnly = starterCopy();
    mkdirSync(cacheFile(readOnly), { recursive: true });
    const { assistant } = await load(readOnly);
    expect(assistant?.config.assistantId).toBe('starter_bank');
    rmSync(readOnly, { recursive: true });
  });
});
