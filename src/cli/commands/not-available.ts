/**
 * Placeholders for commands whose engine is not built yet; each is replaced by its own module.
 * @module
 */
import type { Command } from 'commander';
import { EXIT, type CliIo } from '../io.ts';

const PENDING = {
  run: 'start the assistant server (REST, socket.io, A2A, voice)',
  shell: 'talk to the assistant in the terminal',
  inspect: 'talk to the assistant in the browser inspector',
  test: 'run end-to-end conversation tests',
} as const;

export type PendingCommand = keyof typeof PENDING;

export function registerNotAvailable(program: Command, name: PendingCommand, io: CliIo, setExit: (code: number) => void): void {
  program
    .command(name)
    .description(`${PENDING[name]} (not available yet)`)
    .allowUnknownOption(true)
    .allowExcessArguments(true)
    .action(() => {
      io.err(`'colloquy ${name}' is not available yet.\n`);
      setExit(EXIT.usage);
    });
}
