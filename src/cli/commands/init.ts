/**
 * `colloquy init [dir]`: copy the starter assistant (a small bank) into a folder.
 * @module
 */
import type { Command } from 'commander';
import { cp, mkdir, readdir } from 'node:fs/promises';
import { basename, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, type CliIo } from '../io.ts';

const STARTER = fileURLToPath(new URL('../../../examples/starter/', import.meta.url));
// `llm/` holds the mock-LLM setup of our own test suite, not part of a new project.
const NOT_COPIED = new Set(['models', 'node_modules', '.colloquy', 'llm']);

export function registerInit(program: Command, io: CliIo, setExit: (code: number) => void): void {
  program
    .command('init')
    .description('create a starter assistant (a small bank) in <dir>')
    .argument('[dir]', 'target folder', '.')
    .option('--force', 'write into a folder that is not empty', false)
    .action(async (dir: string, opts: { force: boolean }) => {
      const target = resolve(dir);
      const existing = await readdir(target).catch(() => []);
      if (existing.length > 0 && !opts.force) {
        io.err(`error: ${dir} is not empty. Choose an empty folder, or pass --force to write into it anyway.\n`);
        return setExit(EXIT.failure);
      }
      await mkdir(target, { recursive: true });
      await cp(STARTER, target, { recursive: true, force: opts.force, filter: (src) => !NOT_COPIED.has(basename(src)) });
      io.out(`Created a starter assistant in ${dir}.\nNext: cd ${dir} && colloquy validate && colloquy run\n`);
      setExit(EXIT.ok);
    });
}
