/**
 * Runs commands the way a user types them: through `sh -c`, with stdin piped in, for the tests of
 * what the README and the CLI tell a new user to type.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));

export interface ShResult {
  readonly code: number | null;
  readonly out: string;
  readonly err: string;
}

/**
 * The environment for npm and npx in these tests: offline (colloquy must not need the registry),
 * quiet, and without install scripts: the linked checkout is the repository under test, whose
 * `prepare` would rebuild `dist/` while other test files run the CLI from it.
 */
export function npmEnv(extra: Readonly<Record<string, string>> = {}): NodeJS.ProcessEnv {
  return {
    ...process.env,
    npm_config_offline: 'true',
    npm_config_audit: 'false',
    npm_config_fund: 'false',
    npm_config_update_notifier: 'false',
    npm_config_ignore_scripts: 'true',
    NO_COLOR: '1',
    ...extra,
  };
}

/** Runs `script` in `sh`, feeding `input` on stdin; resolves when it exits. */
export function sh(script: string, options: { cwd: string; env: NodeJS.ProcessEnv; input?: string }): Promise<ShResult> {
  const child = spawn('sh', ['-c', script], { cwd: options.cwd, env: options.env, stdio: ['pipe', 'pipe', 'pipe'] });
  const output = collect(child);
  child.stdin?.end(options.input ?? '');
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, ...output() }));
  });
}

/** Starts `script` in `sh` as the leader of its own process group (so `stop` ends npx's children too). */
export function shInBackground(script: string, options: { cwd: string; env: NodeJS.ProcessEnv }): { readonly output: () => ShResult; stop(): Promise<void> } {
  const child = spawn('sh', ['-c', script], { cwd: options.cwd, env: options.env, stdio: ['ignore', 'pipe', 'pipe'], detached: true });
  const output = collect(child);
  const exited = new Promise<void>((resolve) => child.on('close', () => resolve()));
  let code: number | null = null;
  child.on('exit', (c) => (code = c));
  return {
    output: () => ({ code, ...output() }),
    async stop() {
      if (child.exitCode === null && child.pid !== undefined) process.kill(-child.pid, 'SIGTERM');
      await exited;
    },
  };
}

/** Waits until `ready(text)` holds for what `read` returns, or fails after `timeoutMs`. */
export async function waitFor(read: () => string, ready: (text: string) => boolean, timeoutMs: number): Promise<string> {
  const deadline = Date.now() + timeoutMs;
  while (!ready(read())) {
    if (Date.now() > deadline) throw new Error(`timed out; output so far:\n${read()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return read();
}

function collect(child: ChildProcess): () => { out: string; err: string } {
  let out = '';
  let err = '';
  child.stdout?.on('data', (chunk: Buffer) => (out += chunk.toString()));
  child.stderr?.on('data', (chunk: Buffer) => (err += chunk.toString()));
  return () => ({ out, err });
}
