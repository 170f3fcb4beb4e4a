/**
 * `colloquy init [dir]`: copy the starter assistant (a small bank) into a folder, with a
 * package.json that links this colloquy checkout, so `npx colloquy …` works inside the new project
 * after one offline `npm install` (colloquy is not on the npm registry).
 * @module
 */
import type { Command } from 'commander';
import { existsSync } from 'node:fs';
import { cp, mkdir, readdir, writeFile } from 'node:fs/promises';
import { basename, join, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { EXIT, type CliIo } from '../io.ts';

const STARTER = fileURLToPath(new URL('../../../examples/starter/', import.meta.url));
const CHECKOUT = fileURLToPath(new URL('../../../', import.meta.url));
// `llm/` holds the mock-LLM setup of our own test suite, not part of a new project.
const NOT_COPIED = new Set(['models', 'node_modules', '.colloquy', 'llm']);
const GITIGNORE = 'node_modules/\n.colloquy/\nmodels/\n';

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
      // A package.json or .gitignore the folder already has is the user's: left as it is.
      const linked = !existsSync(join(target, 'package.json'));
      if (linked) await writeFile(join(target, 'package.json'), projectPackageJson(target));
      if (!existsSync(join(target, '.gitignore'))) await writeFile(join(target, '.gitignore'), GITIGNORE);
      io.out(`Created a starter assistant in ${dir}.\n${nextSteps(dir, linked)}`);
      setExit(EXIT.ok);
    });
}

/**
 * The new project's package.json: this checkout as a `file:` dependency (npm links it, no
 * download), `"type": "module"` for the TypeScript actions, and the usual scripts.
 */
function projectPackageJson(target: string): string {
  const checkout = `file:${relative(target, CHECKOUT).split(sep).join('/') || '.'}`;
  const name = basename(target).toLowerCase().replace(/[^a-z0-9._~-]+/g, '-').replace(/^[._-]+/, '') || 'assistant';
  const pkg = {
    name,
    private: true,
    type: 'module',
    scripts: { start: 'colloquy run', shell: 'colloquy shell', validate: 'colloquy validate', test: 'colloquy test e2e' },
    dependencies: { colloquy: checkout },
    // Recent npm versions skip a dependency's install scripts unless allowed: the link runs the checkout's build.
    allowScripts: { [checkout]: true },
  };
  return `${JSON.stringify(pkg, null, 2)}\n`;
}

/** What to type next, runnable as printed from the folder the user is in. */
function nextSteps(dir: string, linked: boolean): string {
  const cd = resolve(dir) === process.cwd() ? '' : `cd ${shellQuote(dir)} && `;
  // Without our package.json there is no local link: npx runs the checkout's own bin.
  const colloquy = linked ? 'npx colloquy' : `npx --prefix ${shellQuote(CHECKOUT)} colloquy`;
  const install = linked ? 'npm install && ' : '';
  const folder = cd ? ` in ${dir}` : '';
  return (
    `Next, chat with it in the terminal (type /stop to quit):\n` +
    `  ${cd}${install}${colloquy} validate && ${colloquy} shell\n` +
    `Serve it over HTTP on port 5005${folder}: ${colloquy} run\n`
  );
}

/** Quotes a word for a POSIX shell when it needs quoting. */
function shellQuote(word: string): string {
  return /^[\w@%+=:,./-]+$/.test(word) ? word : `'${word.replaceAll("'", `'\\''`)}'`;
}
