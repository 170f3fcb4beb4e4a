/**
 * There is no Docker daemon (nor registry access for base images) on the test machines, so the
 * image cannot be built here. This test runs the Dockerfile's own steps that do not need Docker,
 * taken from the Dockerfile text: the training `RUN` (the offline model trained at build time),
 * the `ENTRYPOINT`+`CMD` serving that model, and the `HEALTHCHECK` command against it.
 */
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { freePort } from '../../src/server/free-port.ts';
import { REPO_ROOT, STARTER } from '../serving/colloquy-process.ts';

const dockerfile = readFileSync(join(REPO_ROOT, 'Dockerfile'), 'utf8').replace(/\\\n\s*/g, '');
const jsonArray = (instruction: string): string[] => JSON.parse(new RegExp(`^${instruction} (\\[.*\\])$`, 'm').exec(dockerfile)![1]!) as string[];
const trainStep = /^RUN (node bin\/colloquy\.js train .*)$/m.exec(dockerfile)![1]!.split(' ');
const healthcheck = /^HEALTHCHECK .*? CMD node -e "(.*)"$/m.exec(dockerfile)![1]!.replaceAll('\\"', '"');

describe('Dockerfile steps (without Docker)', () => {
  // The image's /app: the project copied to ./project, as `COPY ${PROJECT} ./project` does.
  const app = mkdtempSync(join(tmpdir(), 'colloquy-docker-'));
  cpSync(STARTER, join(app, 'project'), { recursive: true, filter: (s) => !s.includes('.colloquy') && !s.includes('/models') });
  writeFileSync(join(app, 'project', 'package.json'), '{ "type": "module" }\n');
  afterAll(() => rmSync(app, { recursive: true, force: true }));
  const inApp = (args: string[]) => args.map((a) => (a.startsWith('project') ? join(app, a) : a));

  it('trains the model at build time and serves it with the ENTRYPOINT; the HEALTHCHECK passes', async () => {
    const train = spawnSync(process.execPath, inApp(trainStep.slice(1)), { cwd: REPO_ROOT, encoding: 'utf8' });
    expect(train.status, train.stderr).toBe(0);
    // The actions are compiled into the image too: containers start without compiling them.
    expect(readdirSync(join(app, 'project', '.colloquy', 'cache')).filter((f) => f.endsWith('.mjs'))).toHaveLength(1);

    const entry = [...jsonArray('ENTRYPOINT'), ...jsonArray('CMD')];
    expect(entry.slice(0, 3)).toEqual(['node', 'bin/colloquy.js', 'run']);
    const port = String(await freePort('127.0.0.1'));
    const args = [...inApp(entry.slice(1)).map((a) => (a === '5005' ? port : a)), '-i', '127.0.0.1', '--enable-api', '--auth-token', 'docker-token'];
    const server = spawn(process.execPath, args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    let stderr = '';
    server.stderr.on('data', (c: Buffer) => (stderr += c.toString()));
    try {
      const env = { ...process.env, PORT: port, COLLOQUY_AUTH_TOKEN: 'docker-token' };
      const check = () => spawnSync(process.execPath, ['-e', healthcheck], { env, encoding: 'utf8' }).status;
      // Generous: without a fresh dist/ bundle every module is transpiled at start, slow on a loaded machine.
      const deadline = Date.now() + 90_000;
      while (check() !== 0 && Date.now() < deadline && server.exitCode === null) await new Promise((r) => setTimeout(r, 200));
      expect(check(), stderr).toBe(0);
      const status = (await (await fetch(`http://127.0.0.1:${port}/status?token=docker-token`)).json()) as { model_file: string };
      expect(status.model_file).toBe(join(app, 'project/models/model.json'));
      // Without the token the check fails: it does probe the protected /status.
      expect(spawnSync(process.execPath, ['-e', healthcheck], { env: { ...env, COLLOQUY_AUTH_TOKEN: '' }, encoding: 'utf8' }).status).toBe(1);
    } finally {
      server.kill('SIGTERM');
      await new Promise((r) => server.once('exit', r));
    }
  }, 180_000);
});
