/**
 * `colloquy mock-llm`: an OpenAI-compatible LLM answering from a fixture file, for deterministic tests.
 * @module
 */
import type { Command } from 'commander';
import { mockLlmCommand, type MockLlmCliOptions } from '../../server/mock-llm/mock-llm-options.ts';
import { EXIT, type CliIo } from '../io.ts';

export function registerMockLlm(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const command = program.command(mockLlmCommand.name).description(mockLlmCommand.description);
  for (const option of mockLlmCommand.options) {
    if ('defaultValue' in option) command.option(option.flags, option.description, option.defaultValue);
    else command.option(option.flags, option.description);
  }
  command.action(async (opts: MockLlmCliOptions) => {
    const { runMockLlm } = await import('../../server/mock-llm/index.ts');
    const server = await runMockLlm(opts, (line) => io.out(`${line}\n`));
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    setExit(EXIT.ok);
  });
}
