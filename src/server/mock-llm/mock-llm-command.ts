/**
 * `colloquy mock-llm`: serve fixtures as an OpenAI-compatible endpoint (or record them from a real one).
 * Commander-neutral: the CLI registers `mockLlmCommand.options` and calls `runMockLlm`.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMockLlm, type MockLlmServer } from './mock-llm-server.ts';

export interface MockLlmCliOptions {
  readonly fixtures: string;
  readonly port?: string | number;
  readonly host?: string;
  readonly record?: boolean;
  readonly upstream?: string;
  readonly apiKey?: string;
}

export interface CliOptionSpec {
  readonly flags: string;
  readonly description: string;
  readonly defaultValue?: string;
}

export const mockLlmCommand = {
  name: 'mock-llm',
  description: 'Serve an OpenAI-compatible mock LLM from a fixture file, for deterministic tests (use its URL as api_base).',
  options: [
    { flags: '-f, --fixtures <path>', description: 'fixture file (YAML or JSON): rules of match → response', defaultValue: 'mock_llm.yml' },
    { flags: '-p, --port <port>', description: 'port to listen on (0 = any free port)', defaultValue: '4010' },
    { flags: '--host <host>', description: 'interface to bind', defaultValue: '127.0.0.1' },
    { flags: '--record', description: 'forward requests no rule matches to --upstream and append the answers to the fixture file' },
    { flags: '--upstream <url>', description: 'real OpenAI-compatible base URL for --record, e.g. https://api.openai.com/v1' },
    { flags: '--api-key <key>', description: 'API key for --upstream (default: $OPENAI_API_KEY, else the incoming Authorization header)' },
  ] satisfies readonly CliOptionSpec[],
} as const;

/** Starts the server and reports where it listens; the caller closes it (e.g. on SIGINT). */
export async function runMockLlm(options: MockLlmCliOptions, log: (line: string) => void = console.log): Promise<MockLlmServer> {
  const fixtures = resolve(options.fixtures);
  const port = Number(options.port ?? 4010);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`--port: '${options.port}' is not a port number (0-65535)`);
  if (options.record && !options.upstream) throw new Error('--record needs --upstream <url>, the real endpoint to record from');
  if (!existsSync(fixtures)) {
    if (!options.record) throw new Error(`--fixtures: ${fixtures} does not exist (create it, or start with --record to fill it)`);
    writeFileSync(fixtures, '');
  }
  const apiKey = options.apiKey ?? process.env.OPENAI_API_KEY;
  const server = await startMockLlm({
    fixtures,
    port,
    host: options.host ?? '127.0.0.1',
    record: options.record && options.upstream ? { upstream: options.upstream, apiKey } : undefined,
  });
  log(`mock LLM listening on ${server.url} (fixtures: ${fixtures}${options.record ? `, recording from ${options.upstream}` : ''})`);
  log(`use it in endpoints.yml: model_groups: [{id: mock, models: [{provider: openai_compatible, model: mock-model, api_base: ${server.url}}]}]`);
  return server;
}
