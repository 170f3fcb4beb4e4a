/**
 * Real `colloquy run` processes for the serving acceptance tests: spawned through `bin/colloquy.js`
 * on a random port of 127.0.0.1, ready once `/status` answers 200.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { afterAll, beforeAll } from 'vitest';

export const REPO_ROOT = fileURLToPath(new URL('../../', import.meta.url));
export const STARTER = fileURLToPath(new URL('../../examples/starter', import.meta.url));
export const FIXTURES = fileURLToPath(new URL('./fixtures/', import.meta.url));
export const API_TOKEN = 'serving-test-token';

/**
 * A copy of the starter project in a temporary folder, so its default SQLite store is private to
 * the test; `remove` deletes it.
 */
export function tempStarterProject(): { readonly dir: string; remove(): void } {
  const dir = mkdtempSync(join(tmpdir(), 'colloquy-serving-'));
  cpSync(STARTER, dir, { recursive: true, filter: (source) => !source.includes('.colloquy') });
  // Outside a `"type": "module"` package, tsx loads actions/index.ts as CommonJS and the import fails.
  writeFileSync(join(dir, 'package.json'), '{ "type": "module" }\n');
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/**
 * For the enclosing `describe`: a `colloquy run` on a private copy of the starter, started before
 * its tests and stopped (the copy removed) after them. `url` is there while the tests run.
 * `credentials` replaces the copy's credentials.yml.
 */
export function starterServerForSuite(options: { readonly credentials?: string } = {}): { readonly url: string } {
  const project = tempStarterProject();
  if (options.credentials !== undefined) writeFileSync(join(project.dir, 'credentials.yml'), options.credentials);
  let server: ColloquyProcess | undefined;
  beforeAll(async () => {
    server = await startColloquy({ project: project.dir });
  });
  afterAll(async () => {
    await server?.stop();
    project.remove();
  });
  return {
    get url() {
      if (!server) throw new Error('the starter server runs only while the suite does');
      return server.url;
    },
  };
}

export interface StartOptions {
  readonly project?: string;
  /** An endpoints.yml replacing the project's. */
  readonly endpoints?: string;
  /** Extra environment (`${ENV}` values of the endpoints file). */
  readonly env?: Readonly<Record<string, string>>;
  /** Serve the HTTP API behind `API_TOKEN` (default true); `open`: without any token. */
  readonly enableApi?: boolean | 'open';
  /** Default `run`. */
  readonly command?: 'run' | 'inspect';
  readonly readyTimeoutMs?: number;
}

export interface ColloquyProcess {
  readonly url: string;
  readonly child: ChildProcess;
  /** SIGTERM (graceful shutdown) and wait for the exit. */
  stop(): Promise<void>;
  /** SIGKILL: dies at once, closing nothing. */
  kill9(): Promise<void>;
  /** What the process wrote to stderr (logs), for failure messages. */
  stderr(): string;
}

export async function startColloquy(options: StartOptions = {}): Promise<ColloquyProcess> {
  const api = options.enableApi ?? true;
  const args = ['bin/colloquy.js', options.command ?? 'run', '--project', options.project ?? STARTER, '-p', '0', '-i', '127.0.0.1', '--log-level', 'warn'];
  if (options.endpoints) args.push('--endpoints', options.endpoints);
  if (api === true) args.push('--enable-api', '--auth-token', API_TOKEN);
  if (api === 'open') args.push('--enable-api');
  const child = spawn(process.execPath, args, { cwd: REPO_ROOT, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const stopWith = async (signal: NodeJS.Signals) => {
    if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    await exited;
  };
  const handle = (url: string): ColloquyProcess => ({ url, child, stop: () => stopWith('SIGTERM'), kill9: () => stopWith('SIGKILL'), stderr: () => stderr });

  const deadline = Date.now() + (options.readyTimeoutMs ?? 30_000);
  for (;;) {
    const url = /serving .* on (http:\/\/[\d.]+:\d+) /.exec(stdout)?.[1];
    if (url && (await isReady(url, api === true))) return handle(url);
    if (child.exitCode !== null || child.signalCode !== null || Date.now() > deadline) {
      await stopWith('SIGKILL');
      throw new Error(`colloquy run did not become ready (exit ${String(child.exitCode ?? child.signalCode)}):\n${stdout}\n${stderr.slice(-3000)}`);
    }
    await new Promise((resolve) => setTimeout(resolve, 25));
  }
}

async function isReady(url: string, api: boolean): Promise<boolean> {
  try {
    return (await fetch(`${url}/status${api ? `?token=${API_TOKEN}` : ''}`)).status === 200;
  } catch {
    return false;
  }
}

export interface RestReply {
  readonly status: number;
  /** Bot message texts (REST response entries with `text`). */
  readonly texts: readonly string[];
}

/** One REST turn. */
export async function say(url: string, sender: string, message: string): Promise<RestReply> {
  const response = await fetch(`${url}/webhooks/rest/webhook`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ sender, message }),
  });
  const body: unknown = await response.json();
  const texts = Array.isArray(body) ? body.flatMap((m: { text?: unknown }) => (typeof m.text === 'string' ? [m.text] : [])) : [];
  return { status: response.status, texts };
}

export interface TrackerEvent {
  readonly event: string;
  readonly text?: string | null;
  readonly timestamp?: number;
}

/** Every event of a conversation through `GET /conversations/{id}/tracker?include_events=ALL`. */
export async function trackerEvents(url: string, sender: string): Promise<TrackerEvent[]> {
  const response = await fetch(`${url}/conversations/${encodeURIComponent(sender)}/tracker?include_events=ALL&token=${API_TOKEN}`);
  if (response.status !== 200) throw new Error(`tracker of ${sender}: HTTP ${response.status} ${await response.text()}`);
  return ((await response.json()) as { events: TrackerEvent[] }).events;
}

/** Runs `work` over `items` with at most `concurrency` at a time. */
export async function eachWithConcurrency<T>(items: readonly T[], concurrency: number, work: (item: T, index: number) => Promise<void>): Promise<void> {
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const index = next++;
      await work(items[index] as T, index);
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
}
