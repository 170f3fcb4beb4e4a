/**
 * `colloquy test e2e [path]`: run Rasa-format end-to-end tests against the assistant, in process.
 * @module
 */
import type { Command } from 'commander';
import type { CliIo } from '../io.ts';
import type { E2eOptions } from '../e2e/e2e-command.ts';

export function registerTest(program: Command, io: CliIo, setExit: (code: number) => void): void {
  const test = program.command('test').description('run tests of the assistant');
  test
    .command('e2e')
    .description('run end-to-end conversation tests (Rasa e2e YAML format)')
    .argument('[path]', 'a test file or folder (default: <project>/e2e_tests or <project>/tests)')
    .option('--project <dir>', 'project folder', '.')
    .option('-m, --model <file>', 'a trained model bundle (default: load the project files)')
    .option('--config <file>', 'pipeline configuration used instead of <project>/config.yml (e.g. an LLM generator)')
    .option('--endpoints <file>', 'endpoints configuration (e.g. pointing the LLM at a mock server)')
    .option('-w, --workers <n>', 'test cases run at once', '8')
    .option('--junit <file>', 'also write the results as JUnit XML')
    .option('--coverage-report', 'print which flow steps the tests went through', false)
    .option('--log-level <level>', 'log level of the assistant while testing', 'error')
    .action(async (target: string | undefined, opts: E2eOptions) => {
      const { runE2e } = await import('../e2e/e2e-command.ts');
      setExit(await runE2e(target, opts, io));
    });
}
