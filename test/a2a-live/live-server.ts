/**
 * Spawns a real `colloquy run` (child process on 127.0.0.1, a free port) and talks to it over HTTP:
 * JSON-RPC, the HTTP API's tracker, and shutdown by SIGTERM.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { freePort } from '../../src/server/free-port.ts';

export const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const PROJECT = fileURLToPath(new URL('../../examples/a2a-server/', import.meta.url));
const BIN = fileURLToPath(new URL('../../bin/colloquy.js', import.meta.url));

export interface LiveServer {
  readonly url: string;
  readonly port: number;
  /** Everything the process wrote (stdout and stderr), for failure messages. */
  output(): string;
  rpc(method: string, params: unknown, headers?: Record<string, string>): Promise<{ status: number; body: Json }>;
  /** User turns in the conversation's tracker (`GET /conversations/{id}/tracker`, needs `enableApi`). */
  userTurns(conversationId: string): Promise<number>;
  close(): Promise<void>;
}

// eslint-disable-next-line @typescript-eslint/no-explicit-any -- JSON-RPC results are read field by field in the tests.
export type Json = any;

export interface LiveServerOptions {
  /** An endpoints file of the project (e.g. `endpoints.jwt.yml`); default `endpoints.yml`. */
  readonly endpoints?: string;
  readonly project?: string;
  readonly model?: string;
  readonly env?: Readonly<Record<string, string>>;
  readonly enableApi?: boolean;
}

export async function startLiveServer(options: LiveServerOptions = {}): Promise<LiveServer> {
  const port = await freePort();
  const project = options.project ?? PROJECT;
  const args = [BIN, 'run', '--project', project, '-p', String(port), '-i', '127.0.0.1', '--log-level', 'warn'];
  if (options.endpoints) args.push('--endpoints', `${project}/${options.endpoints}`);
  if (options.model) args.push('--model', options.model);
  if (options.enableApi ?? true) args.push('--enable-api');
  const child = spawn(process.execPath, args, { cwd: REPO, env: { ...process.env, ...options.env }, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  child.stdout.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (output += chunk.toString()));
  await waitForReady(child, () => output);
  const url = `http://127.0.0.1:${port}`;
  let rpcId = 0;
  return {
    url,
    port,
    output: () => output,
    async rpc(method, params, headers = {}) {
      const response = await fetch(`${url}/`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', ...headers },
        body: JSON.stringify({ jsonrpc: '2.0', id: ++rpcId, method, params }),
      });
      return { status: response.status, body: (await response.json()) as Json };
    },
    async userTurns(conversationId) {
      const response = await fetch(`${url}/conversations/${encodeURIComponent(conversationId)}/tracker`);
      if (!response.ok) throw new Error(`tracker of ${conversationId}: HTTP ${response.status}`);
      const tracker = (await response.json()) as { events: { event: string }[] };
      return tracker.events.filter((e) => e.event === 'user').length;
    },
    close: () => stop(child),
  };
}

function waitForReady(child: ChildProcess, output: () => string): Promise<void> {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => fail(new Error(`colloquy run did not start in 60 s:\n${output()}`)), 60_000);
    const onData = () => {
      if (output().includes('colloquy is serving')) done();
    };
    const onExit = (code: number | null) => fail(new Error(`colloquy run exited (${code}) before serving:\n${output()}`));
    child.stdout?.on('data', onData);
    child.once('exit', onExit);
    function done() {
      cleanup();
      resolve();
    }
    function fail(error: Error) {
      cleanup();
      child.kill('SIGKILL');
      reject(error);
    }
    function cleanup() {
      clearTimeout(timer);
      child.stdout?.off('data', onData);
      child.off('exit', onExit);
    }
  });
}

async function stop(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = new Promise((resolve) => child.once('exit', resolve));
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), 5_000);
  await exited;
  clearTimeout(timer);
}

/** A v0.3 JSON-RPC user message. */
export function userMessage(text: string, messageId: string, contextId: string, metadata?: Record<string, unknown>): Json {
  return { kind: 'message', role: 'user', parts: [{ kind: 'text', text }], messageId, contextId, ...(metadata ? { metadata } : {}) };
}

/** The DataPart of a v0.3 task's status message. */
export function dataPart(task: Json): Json {
  return task.status?.message?.parts?.find((p: Json) => p.kind === 'data')?.data;
}

/** The TextPart of a v0.3 task's status message. */
export function textPart(task: Json): string | undefined {
  return task.status?.message?.parts?.find((p: Json) => p.kind === 'text')?.text;
}
