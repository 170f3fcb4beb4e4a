import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { npmEnv, REPO_ROOT, sh, shInBackground, waitFor } from './sh.ts';

// Spawns npm, npx and the CLI through tsx several times per test: slow on a loaded machine.
const SLOW = 240_000;
const CHAT = 'send 50 to John\nyes\n/stop\n';
const temps: string[] = [];

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-first-hour-'));
  temps.push(dir);
  return dir;
}

afterAll(() => {
  for (const dir of temps) rmSync(dir, { recursive: true, force: true });
});

/** The commands of the README's first `sh` block after `heading`, without comments. */
function readmeCommands(heading: string): string[] {
  const readme = readFileSync(join(REPO_ROOT, 'README.md'), 'utf8');
  const block = /```sh\n([\s\S]*?)```/.exec(readme.slice(readme.indexOf(heading)))?.[1] ?? '';
  return block
    .split('\n')
    .map((line) => line.replace(/\s+#.*$/, '').trim())
    .filter(Boolean);
}

/** The two commands `colloquy init` prints: the one to chat, and the one to serve with its folder. */
function printedCommands(out: string): { chat: string; serve: string; serveIn?: string } {
  const chat = /^ {2}(\S.*)$/m.exec(out)?.[1];
  const serve = /^Serve it over HTTP on port 5005(?: in (.+))?: (.+)$/m.exec(out);
  if (!chat || !serve) throw new Error(`init did not print its next steps:\n${out}`);
  return { chat, serve: serve[2]!, ...(serve[1] ? { serveIn: serve[1] } : {}) };
}

function expectBothSidesOfTheChat(out: string): void {
  expect(out).toContain('Your input -> send 50 to John\n');
  expect(out).toContain('Please confirm: send $50 to John?');
  expect(out).toContain('Your input -> yes\nDone! $50 is on its way to John.');
}

describe('from this checkout to chatting with a new project, typing only what we print', () => {
  it('runs the README commands as written, and init prints the README next step', { timeout: SLOW }, async () => {
    const home = tempDir();
    const env = npmEnv({ HOME: home });
    const [init, next, ...rest] = readmeCommands('### Your own assistant');
    expect(rest).toEqual([]);

    const created = await sh(init!, { cwd: REPO_ROOT, env });
    expect(created.err).toBe('');
    expect(created.code).toBe(0);
    // The shell expanded ~, so init names the folder by its full path.
    expect(printedCommands(created.out).chat).toBe(next!.replaceAll('~', home));

    const chat = await sh(next!, { cwd: REPO_ROOT, env, input: CHAT });
    expect(chat.code, chat.err).toBe(0);
    expect(chat.out).toContain('0 errors, 0 warnings');
    expectBothSidesOfTheChat(chat.out);
  });

  it('init prints commands that work as printed from the folder the user is in, and the project scripts work', { timeout: SLOW }, async () => {
    const cwd = tempDir();
    const env = npmEnv();
    const created = await sh(`"${process.execPath}" "${join(REPO_ROOT, 'bin/colloquy.js')}" init 'my bot'`, { cwd, env });
    expect(created.code, created.err).toBe(0);
    const printed = printedCommands(created.out);
    expect(printed.chat).toBe("cd 'my bot' && npm install && npx colloquy validate && npx colloquy shell");

    const chat = await sh(printed.chat, { cwd, env, input: CHAT });
    expect(chat.code, chat.err).toBe(0);
    expectBothSidesOfTheChat(chat.out);

    const project = join(cwd, printed.serveIn ?? '.');
    expect(printed.serveIn).toBe('my bot');
    // As printed, plus a free port: 5005 may be taken on a shared test machine.
    const server = shInBackground(`${printed.serve} -p 0 -i 127.0.0.1`, { cwd: project, env });
    try {
      const url = /serving 'starter_bank' on (\S+) /.exec(await waitFor(() => server.output().out, (out) => / on http:\S+ /.test(out), 120_000))![1]!;
      const reply = await fetch(`${url}/webhooks/rest/webhook`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ sender: 'first-hour', message: 'send money to Alice' }) });
      expect(await reply.json()).toEqual([{ recipient_id: 'first-hour', text: 'How much would you like to send to Alice?' }]);
    } finally {
      await server.stop();
    }

    const e2e = await sh('npm test', { cwd: project, env });
    expect(e2e.code, e2e.err).toBe(0);
    expect(e2e.out).toMatch(/^\d+ passed, 0 failed in /m);
  });

  it('leaves a package.json the folder already has, and prints commands that run this checkout', { timeout: SLOW }, async () => {
    const project = tempDir();
    const own = '{ "name": "mine", "type": "module" }\n';
    writeFileSync(join(project, 'package.json'), own);
    const created = await sh(`"${process.execPath}" "${join(REPO_ROOT, 'bin/colloquy.js')}" init . --force`, { cwd: project, env: npmEnv() });
    expect(created.code, created.err).toBe(0);
    expect(readFileSync(join(project, 'package.json'), 'utf8')).toBe(own);
    const printed = printedCommands(created.out);
    expect(printed.chat).toMatch(/^npx --prefix \S+ colloquy validate && npx --prefix \S+ colloquy shell$/);

    const chat = await sh(printed.chat, { cwd: project, env: npmEnv(), input: CHAT });
    expect(chat.code, chat.err).toBe(0);
    expectBothSidesOfTheChat(chat.out);
  });
});
