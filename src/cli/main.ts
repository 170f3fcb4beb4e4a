/**
 * The colloquy CLI and composition root: registers every command.
 * Exit codes: 0 ok, 1 validation or test failure, 2 usage error.
 * @module
 */
import { Command, CommanderError } from 'commander';
import { readFileSync } from 'node:fs';
import { registerInit } from './commands/init.ts';
import { registerInspect } from './commands/inspect.ts';
import { registerMockLlm } from './commands/mock-llm.ts';
import { registerRun } from './commands/run.ts';
import { registerShell } from './commands/shell.ts';
import { registerTest } from './commands/test.ts';
import { registerTrain } from './commands/train.ts';
import { registerValidate } from './commands/validate.ts';
import { EXIT, processIo, type CliIo } from './io.ts';

const VERSION = (JSON.parse(readFileSync(new URL('../../package.json', import.meta.url), 'utf8')) as { version: string }).version;

/** Runs the CLI with user arguments (`process.argv.slice(2)`); resolves to the exit code. */
export async function main(argv: readonly string[], io: CliIo = processIo()): Promise<number> {
  let exitCode: number = EXIT.ok;
  const setExit = (code: number) => {
    exitCode = code;
  };
  const program = new Command('colloquy')
    .description('CALM-style conversational assistants from Rasa Pro project files')
    .version(VERSION, '-v, --version')
    .exitOverride()
    .configureOutput({ writeOut: io.out, writeErr: io.err, outputError: (text, write) => write(text) });
  registerInit(program, io, setExit);
  registerValidate(program, io, setExit);
  registerTrain(program, io, setExit);
  registerRun(program, io, setExit);
  registerTest(program, io, setExit);
  registerMockLlm(program, io, setExit);
  registerShell(program, io, setExit);
  registerInspect(program, io, setExit);
  for (const command of program.commands) command.exitOverride();
  try {
    await program.parseAsync([...argv], { from: 'user' });
    return exitCode;
  } catch (error) {
    if (error instanceof CommanderError) {
      return error.code === 'commander.helpDisplayed' || error.code === 'commander.version' || error.code === 'commander.help' ? EXIT.ok : EXIT.usage;
    }
    io.err(`error: ${error instanceof Error ? error.message : String(error)}\n`);
    return EXIT.failure;
  }
}
