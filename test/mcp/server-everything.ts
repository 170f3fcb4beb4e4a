/**
 * Runs `@modelcontextprotocol/server-everything` (a third-party MCP server) as a child process on a
 * free port. It listens on every interface, so tests dial 127.0.0.1.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { freePort } from '../../src/server/free-port.ts';

export interface EverythingServer {
  readonly url: string;
  readonly port: number;
  stop(): Promise<void>;
}

const entry = join(dirname(createRequire(import.meta.url).resolve('@modelcontextprotocol/server-everything/package.json')), 'dist', 'index.js');

/** `streamableHttp` serves `/mcp`; `sse` serves GET `/sse` + POST `/message`. */
export async function startEverything(mode: 'streamableHttp' | 'sse', port?: number): Promise<EverythingServer> {
  const chosen = port ?? (await freePort());
  // Spawn node directly (not npx) so stopping it leaves no grandchildren behind.
  const child: ChildProcess = spawn(process.execPath, [entry, mode], { env: { ...process.env, PORT: String(chosen) }, stdio: ['ignore', 'ignore', 'pipe'] });
  await new Promise<void>((resolve, reject) => {
    let err = '';
    const timer = setTimeout(() => reject(new Error(`server-everything did not start: ${err}`)), 10_000);
    child.stderr!.on('data', (chunk: Buffer) => {
      err += String(chunk);
      if (/listening on port|running on port/i.test(err)) {
        clearTimeout(timer);
        resolve();
      }
    });
    child.once('exit', (code) => reject(new Error(`server-everything exited with ${code}: ${err}`)));
  });
  return {
    url: `http://127.0.0.1:${chosen}/${mode === 'sse' ? 'sse' : 'mcp'}`,
    port: chosen,
    stop: () =>
      new Promise<void>((resolve) => {
        if (child.exitCode !== null) return resolve();
        child.once('exit', () => resolve());
        child.kill('SIGKILL');
      }),
  };
}
