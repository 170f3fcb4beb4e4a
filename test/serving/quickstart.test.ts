/**
 * The README quick start: `npm start` serves the starter assistant offline (on 5005 by default; here
 * on a random port through `-p 0`), and the documented REST chat works.
 */
import { execFileSync, spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { REPO_ROOT } from './colloquy-process.ts';

const stops: (() => Promise<void>)[] = [];
afterAll(async () => {
  for (const stop of stops.splice(0)) await stop();
});

/** `npm start -- <args>` in its own process group, so stopping it also stops the node process npm runs. */
async function npmStart(args: readonly string[]): Promise<string> {
  const child = spawn('npm', ['start', '--', ...args], { cwd: REPO_ROOT, detached: true, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, LOG_LEVEL: 'warn' } });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  stops.push(async () => {
    if (child.exitCode === null) process.kill(-(child.pid as number), 'SIGTERM');
    await exited;
  });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const deadline = Date.now() + 30_000;
  for (;;) {
    const url = /serving .* on (http:\/\/[\d.]+:\d+) /.exec(output)?.[1];
    if (url) return url;
    if (child.exitCode !== null || Date.now() > deadline) throw new Error(`npm start did not serve:\n${output}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('README quick start', () => {
  it('documents npm start as the starter assistant on port 5005', () => {
    const pkg = JSON.parse(readFileSync(join(REPO_ROOT, 'package.json'), 'utf8')) as { scripts: Record<string, string> };
    expect(pkg.scripts.start).toBe('node bin/colloquy.js run --project examples/starter');
    const help = execFileSync(process.execPath, ['bin/colloquy.js', 'run', '--help'], { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(help).toMatch(/-p, --port <port>\s+port to listen on \(default: "5005"\)/);
    expect(readFileSync(join(REPO_ROOT, 'README.md'), 'utf8')).toContain('npm install && npm start      # serves the starter assistant (examples/starter) offline on port 5005');
  });

  it('serves the starter offline and answers the README REST example', { timeout: 60_000 }, async () => {
    const url = await npmStart(['-p', '0', '-i', '127.0.0.1']);
    const sender = `me-${process.pid}-${Date.now()}`;
    const response = await fetch(`${url}/webhooks/rest/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ sender, message: 'I want to send money to John' }),
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([{ recipient_id: sender, text: 'How much would you like to send to John?' }]);
  });
});
