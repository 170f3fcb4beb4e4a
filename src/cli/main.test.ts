import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { readModelBundle, registerTrainer } from '../project/index.ts';
import type { CliIo } from './io.ts';
import { main } from './main.ts';

const starter = fileURLToPath(new URL('../../examples/starter/', import.meta.url));
const invalid = fileURLToPath(new URL('../../test/fixtures/invalid/collect-unknown-slot/', import.meta.url));
const temps: string[] = [];

async function tempDir(): Promise<string> {
  const dir = await mkdtemp(join(tmpdir(), 'colloquy-cli-'));
  temps.push(dir);
  return dir;
}

async function run(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIo = { out: (t) => void (out += t), err: (t) => void (err += t), color: false };
  const code = await main(argv, io);
  return { code, out, err };
}

afterAll(async () => {
  await Promise.all(temps.map((d) => rm(d, { recursive: true, force: true })));
});

describe('colloquy CLI', () => {
  it('validates the starter project', async () => {
    expect(await run('validate', '--project', starter)).toEqual({ code: 0, out: '0 errors, 0 warnings\n', err: '' });
  });

  it('exits 1 with file:line:column for an invalid project, without a stack trace', async () => {
    const result = await run('validate', '-p', invalid);
    expect(result.code).toBe(1);
    expect(result.err).toBe(`${(await readFile(join(invalid, 'expected.txt'), 'utf8')).trim()}\n`);
    expect(result.out).toBe('1 error, 0 warnings\n');
  });

  it('fails on warnings only with --fail-on-warnings', async () => {
    const dir = await tempDir();
    await run('init', dir);
    await writeFile(join(dir, 'config.yml'), 'recipe: default.v1\nlanguage: en\npipeline:\n  - name: OfflineCommandGenerator\n');
    expect((await run('validate', '-p', dir)).code).toBe(0);
    const strict = await run('validate', '-p', dir, '--fail-on-warnings');
    expect(strict.code).toBe(1);
    expect(strict.out).toContain("config.yml:1:1 warning 'assistant_id' is not set.");
  });

  it('init copies the starter and refuses a non-empty folder without --force', async () => {
    const dir = await tempDir();
    expect((await run('init', dir)).code).toBe(0);
    expect((await readdir(dir)).sort()).toEqual(['.gitignore', 'actions', 'config.yml', 'credentials.yml', 'data', 'docs', 'domain', 'e2e_tests', 'endpoints.yml', 'package.json']);
    const again = await run('init', dir);
    expect(again.code).toBe(1);
    expect(again.err).toContain('is not empty');
    expect((await run('init', dir, '--force')).code).toBe(0);
  });

  it('train writes a model bundle with the trainers output', async () => {
    registerTrainer({ name: 'test_trainer', train: (assistant) => ({ flows: Object.keys(assistant.flows).length }) });
    const out = await tempDir();
    const result = await run('train', '-p', starter, '--out', out, '--fixed-model-name', 'bank');
    expect(result.code).toBe(0);
    const bundle = await readModelBundle(join(out, 'bank.json'));
    expect(bundle.assistant.flows.transfer_money?.id).toBe('transfer_money');
    expect(bundle.trained.test_trainer).toEqual({ flows: Object.keys(bundle.assistant.flows).length });
    // the knowledge base's chunks travel in the bundle (EnterpriseSearchPolicy, docs/)
    const search = bundle.trained.search as { chunks: { source: string }[] };
    expect(new Set(search.chunks.map((c) => c.source))).toEqual(new Set(['docs/cards.txt', 'docs/fees.txt', 'docs/support.md']));
  });

  it('names default bundles <timestamp>-<fingerprint8>.json', async () => {
    const out = await tempDir();
    expect((await run('train', '-p', starter, '--out', out)).code).toBe(0);
    expect(await readdir(out)).toEqual([expect.stringMatching(/^\d{8}-\d{6}-[0-9a-f]{8}\.json$/)]);
  });

  it('train -c/--config uses another configuration, as rasa train -c does', async () => {
    const out = await tempDir();
    const config = join(await tempDir(), 'other-config.yml');
    await writeFile(config, 'recipe: default.v1\nassistant_id: other_bank\nlanguage: en\npipeline:\n  - name: OfflineCommandGenerator\n');
    const result = await run('train', '-p', starter, '-c', config, '--out', out, '--fixed-model-name', 'other');
    expect(result.code).toBe(0);
    expect((await readModelBundle(join(out, 'other.json'))).assistant.config.assistantId).toBe('other_bank');
  });

  it('validate -d/--domain and --data replace the project domain and data, naming the given files', async () => {
    const dir = await tempDir();
    const data = join(dir, 'flows.yml');
    await writeFile(data, 'flows:\n  only_flow:\n    description: says hi\n    steps:\n      - action: utter_missing\n');
    const result = await run('validate', '-p', starter, '--data', data);
    expect(result.code).toBe(1);
    expect(result.err).toMatch(/^data\/\S*flows\.yml:5:\d+ error .*utter_missing/m);
    const missing = await run('validate', '-p', starter, '-d', join(dir, 'nope.yml'));
    expect(missing.code).toBe(1);
    expect(missing.err).toContain('file given on the command line does not exist');
  });

  it('inspect takes the flags of run and checks them before serving', async () => {
    const help = await run('inspect', '--help');
    expect(help.code).toBe(0);
    expect(help.out).toContain('/inspect');
    for (const flag of ['--port', '--auth-token', '--endpoints', '--cors']) expect(help.out).toContain(flag);
    expect(await run('inspect', '--project', starter, '-p', 'web')).toEqual({ code: 2, out: '', err: "error: --port must be a number from 0 to 65535, got 'web'\n" });
  });

  it('exits 2 on usage errors and 0 for --help and --version', async () => {
    expect((await run('nonsense')).code).toBe(2);
    expect((await run('validate', '--bogus')).code).toBe(2);
    expect((await run('--version')).out).toMatch(/^\d+\.\d+\.\d+\n$/);
    expect((await run('--help')).code).toBe(0);
  });
});
