/**
 * `colloquy test e2e [paths...]`: run Rasa-format end-to-end tests against the assistant, in process.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import type { E2eOptions } from '../e2e/e2e-command.ts';
import { projectFileOptions } from '../project-options.ts';

export function registerTest(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const test = program.command('test').description('run tests of the assistant');
  const e2e = test
    .command('e2e')
    .description('run end-to-end conversation tests (Rasa e2e YAML format)')
    .argument('[paths...]', 'test files or folders, each optionally `::<test case name>` (default: <project>/e2e_tests or <project>/tests)');
  projectFileOptions(e2e, ['config', 'endpoints'])
    .option('-m, --model <file>', 'a trained model bundle (default: load the project files)')
    .option('-w, --workers <n>', 'test cases run at once', '8')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--coverage-report', 'print which flow steps the tests went through', false)
    .option('--log-level <level>', 'log level of the assistant while testing', 'error')
    .action(async (targets: string[], opts: E2eOptions) => {
      const { runE2e } = await import('../e2e/e2e-command.ts');
      setExit(await runE2e(targets, opts, io));
    });
}
