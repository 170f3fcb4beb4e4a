/**
 * The `colloquy mock-llm` command's options, apart from the server so the CLI can list them cheaply.
 * @module
 */

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

