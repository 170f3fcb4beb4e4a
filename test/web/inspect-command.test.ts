import { spawn, type ChildProcess } from 'node:child_process';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { REPO_ROOT, tempStarterProject } from '../serving/colloquy-process.ts';

const TOKEN = 'inspect-command-token';

let project: ReturnType<typeof tempStarterProject>;
let child: ChildProcess;
let stdout = '';
let stderr = '';
let inspectorUrl: string;

beforeAll(async () => {
  project = tempStarterProject();
  child = spawn(process.execPath, ['bin/colloquy.js', 'inspect', '--project', project.dir, '-p', '0', '-i', '127.0.0.1', '--auth-token', TOKEN, '--log-level', 'warn'], {
    cwd: REPO_ROOT,
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  child.stdout?.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const deadline = Date.now() + 20_000;
  for (;;) {
    const url = /^Inspector: (\S+)$/m.exec(stdout)?.[1];
    if (url) {
      inspectorUrl = url;
      break;
    }
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`colloquy inspect did not start:\n${stdout}\n${stderr}`);
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
});

afterAll(async () => {
  if (child && child.exitCode === null) {
    const exited = new Promise((resolve) => child.once('exit', resolve));
    child.kill('SIGTERM');
    await exited;
  }
  project?.remove();
});

describe('colloquy inspect', () => {
  it('prints the inspector URL with the auth token and serves the page there', async () => {
    const url = new URL(inspectorUrl);
    expect(url.pathname).toBe('/inspect');
    expect(url.searchParams.get('token')).toBe(TOKEN);
    const page = await fetch(url);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain('colloquy inspector');
  });

  it('serves the HTTP API without --enable-api, behind the token', async () => {
    const tracker = new URL('/conversations/someone/tracker', inspectorUrl);
    expect((await fetch(tracker)).status).toBe(401);
    tracker.searchParams.set('token', TOKEN);
    const response = await fetch(tracker);
    expect(response.status).toBe(200);
    expect(((await response.json()) as { sender_id: string }).sender_id).toBe('someone');
  });
});
