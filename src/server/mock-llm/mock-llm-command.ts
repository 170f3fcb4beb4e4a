/**
 * `colloquy mock-llm`: serve fixtures as an OpenAI-compatible endpoint (or record them from a real one).
 * Commander-neutral: the CLI registers `mockLlmCommand.options` and calls `runMockLlm`.
 * @module
 */
import { existsSync, writeFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { startMockLlm, type MockLlmServer } from './mock-llm-server.ts';
import type { MockLlmCliOptions } from './mock-llm-options.ts';

export { mockLlmCommand, type CliOptionSpec, type MockLlmCliOptions } from './mock-llm-options.ts';

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
