/**
 * `colloquy run --enable-api` and `colloquy inspect` without `--auth-token` / `--jwt-secret` serve an
 * HTTP API anyone can use: they say so in the log. And `PUT /model` never echoes the file it was given.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { API_TOKEN, startColloquy, tempStarterProject, type ColloquyProcess } from './colloquy-process.ts';

const OPEN_API_WARNING = /the HTTP API is open/;

/** The warning is written right after the server listens; logs are asynchronous, so poll briefly. */
async function logAfterStart(server: ColloquyProcess): Promise<string> {
  for (let i = 0; i < 40 && !OPEN_API_WARNING.test(server.stderr()); i++) await new Promise((resolve) => setTimeout(resolve, 50));
  return server.stderr();
}

describe('an HTTP API without authentication', () => {
  const project = tempStarterProject();
  afterAll(() => project.remove());

  it('is announced as open by colloquy run --enable-api, and PUT /model does not echo file contents', async () => {
    const server = await startColloquy({ project: project.dir, enableApi: 'open' });
    try {
      const warning = (await logAfterStart(server)).split('\n').find((line) => OPEN_API_WARNING.test(line));
      expect(warning).toBeDefined();
      expect(JSON.parse(warning!)).toMatchObject({ level: 40, msg: expect.stringMatching(/--auth-token or --jwt-secret/) });

      const response = await fetch(`${server.url}/model`, { method: 'PUT', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ model_file: '/etc/passwd' }) });
      const body = await response.text();
      expect(response.status).toBe(400);
      expect(body).toMatch(/not a colloquy model bundle/);
      expect(body).not.toMatch(/root:|:0:0:/);
      expect(server.stderr()).not.toMatch(/root:x|:0:0:/);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('is announced as open by colloquy inspect', async () => {
    const server = await startColloquy({ project: project.dir, enableApi: 'open', command: 'inspect' });
    try {
      expect(await logAfterStart(server)).toMatch(OPEN_API_WARNING);
    } finally {
      await server.stop();
    }
  }, 60_000);

  it('is not announced when a token protects the API', async () => {
    const server = await startColloquy({ project: project.dir });
    try {
      // A request through the protected API, so the server has surely logged whatever it logs at start.
      expect((await fetch(`${server.url}/status?token=${API_TOKEN}`)).status).toBe(200);
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(server.stderr()).not.toMatch(OPEN_API_WARNING);
    } finally {
      await server.stop();
    }
  }, 60_000);
});
