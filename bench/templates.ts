/**
 * Runs Rasa project folders (e.g. Rasa's own project templates) through `colloquy validate` and
 * `colloquy test e2e`, unchanged, and prints the table "template → loads → e2e passed/total".
 *
 * Run: npx tsx bench/templates.ts <templates-folder> [--fixtures <folder>] [--only a,b]
 *
 * Every sub-folder with a config.yml is one project. From `<fixtures>/<name>/` (kept outside the
 * repository, written from that project's flows) the bench takes:
 * - `mock-llm.yml`: rules for `colloquy mock-llm`; the project's inline OpenAI models reach it
 *   through OPENAI_BASE_URL, as they would reach any OpenAI-compatible server;
 * - `actions.yml`: a stand-in for the project's Python actions (`actions: {name: [{when?: {slot:
 *   value}, events, responses}]}`), answered as rasa-sdk's action server answers; the project's
 *   endpoints.yml is then given on the command line with `action_endpoint.url` added — what a
 *   user does to run Python actions with `rasa run actions`.
 */
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { existsSync, readdirSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse, stringify } from 'yaml';
import { main } from '../src/cli/main.ts';
import { startMockLlm } from '../src/server/mock-llm/index.ts';

interface StandInRule {
  readonly when?: Readonly<Record<string, unknown>>;
  readonly events?: readonly unknown[];
  readonly responses?: readonly unknown[];
}

const args = process.argv.slice(2);
const flag = (name: string): string | undefined => {
  const i = args.indexOf(name);
  return i >= 0 ? args[i + 1] : undefined;
};
const templatesDir = args.find((a, i) => !a.startsWith('--') && !args[i - 1]?.startsWith('--'));
if (!templatesDir) {
  process.stderr.write('usage: npx tsx bench/templates.ts <templates-folder> [--fixtures <folder>] [--only a,b]\n');
  process.exit(2);
}
const fixturesDir = flag('--fixtures');
const only = flag('--only')?.split(',');

/** Runs the CLI in process, capturing what it prints. */
async function cli(...argv: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const code = await main(argv, { out: (t) => void (out += t), err: (t) => void (err += t), color: false });
  return { code, out, err };
}

/** An action server answering as rasa-sdk's does, from the stand-in rules (first match wins). */
async function standInActionServer(rules: Readonly<Record<string, readonly StandInRule[]>>): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    let body = '';
    req.on('data', (chunk: Buffer) => (body += chunk.toString()));
    req.on('end', () => {
      const call = JSON.parse(body) as { next_action: string; tracker: { slots: Record<string, unknown> } };
      const rule = (rules[call.next_action] ?? []).find((r) => Object.entries(r.when ?? {}).every(([slot, value]) => call.tracker.slots[slot] === value));
      if (!rule) {
        res.writeHead(404, { 'content-type': 'application/json' }).end(JSON.stringify({ error: `no stand-in for ${call.next_action}`, action_name: call.next_action }));
        return;
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end(JSON.stringify({ events: rule.events ?? [], responses: rule.responses ?? [] }));
    });
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/webhook`, server };
}

/** The first error, shortened for a table cell. */
const firstLine = (text: string): string => {
  const line = text.split('\n').find((l) => / error /.test(l)) ?? text.split('\n')[0] ?? '';
  const short = line.replace(/ Fix: .*$/, '').replace(/\|/g, '\\|');
  return short.length > 140 ? `${short.slice(0, 140)}…` : short;
};

async function runTemplate(name: string, dir: string, scratch: string): Promise<string> {
  const fixtures = fixturesDir ? join(fixturesDir, name) : undefined;
  const validated = await cli('validate', '-p', dir);
  const loads = validated.code === 0 ? 'yes' : `no: ${firstLine(validated.err)}`;
  const cleanups: (() => Promise<unknown>)[] = [];
  const extra: string[] = [];
  let withUrl = '';
  try {
    if (fixtures && existsSync(join(fixtures, 'mock-llm.yml'))) {
      const llm = await startMockLlm({ fixtures: join(fixtures, 'mock-llm.yml') });
      cleanups.push(() => llm.close());
      process.env.OPENAI_BASE_URL = llm.url;
      process.env.OPENAI_API_KEY ??= 'mock-key';
    }
    if (fixtures && existsSync(join(fixtures, 'actions.yml'))) {
      const standIn = parse(await readFile(join(fixtures, 'actions.yml'), 'utf8')) as { actions: Record<string, StandInRule[]> };
      const { url, server } = await standInActionServer(standIn.actions);
      cleanups.push(() => new Promise((done) => server.close(done)));
      const endpointsFile = join(dir, 'endpoints.yml');
      const endpoints = (existsSync(endpointsFile) ? parse(await readFile(endpointsFile, 'utf8')) : null) ?? {};
      const override = join(scratch, `${name}-endpoints.yml`);
      await writeFile(override, stringify({ ...endpoints, action_endpoint: { ...endpoints.action_endpoint, url } }));
      extra.push('--endpoints', override);
      const again = await cli('validate', '-p', dir, '--endpoints', override);
      withUrl = `; with action_endpoint.url: ${again.code === 0 ? 'yes' : `no: ${firstLine(again.err)}`}`;
    }
    const tests = ['e2e_tests', 'tests'].map((t) => join(dir, t)).filter((t) => existsSync(t));
    if (tests.length === 0) return `| ${name} | ${loads}${withUrl} | no e2e tests |`;
    const result = await cli('test', 'e2e', ...tests, '-p', dir, '-w', '1', ...extra);
    const summary = /^(\d+) passed, (\d+) failed/m.exec(result.out);
    if (!summary) return `| ${name} | ${loads}${withUrl} | did not run: ${firstLine(result.err)} |`;
    const passed = Number(summary[1]);
    const total = passed + Number(summary[2]);
    if (process.env.VERBOSE) process.stdout.write(result.out);
    return `| ${name} | ${loads}${withUrl} | ${passed}/${total} |`;
  } finally {
    delete process.env.OPENAI_BASE_URL;
    for (const close of cleanups) await close();
  }
}

const scratch = await mkdtemp(join(tmpdir(), 'colloquy-templates-'));
const rows = ['| template | loads | e2e passed/total |', '|---|---|---|'];
try {
  for (const name of readdirSync(templatesDir).sort()) {
    const dir = join(templatesDir, name);
    if (!existsSync(join(dir, 'config.yml')) || (only && !only.includes(name))) continue;
    rows.push(await runTemplate(name, dir, scratch));
  }
} finally {
  await rm(scratch, { recursive: true, force: true });
}
process.stdout.write(`${rows.join('\n')}\n`);
