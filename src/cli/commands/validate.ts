/**
 * `colloquy validate`: check the project files (like `rasa data validate`).
 * @module
 */
import type { Command } from 'commander';
import { loadProject } from '../../project/index.ts';
import { EXIT, type CliIo } from '../io.ts';
import { llmKeyCheck } from '../llm-keys.ts';
import { printDiagnostics } from './print-diagnostics.ts';
import { fileOverrides, projectFileOptions, type ProjectFileOptions } from '../project-options.ts';

export function registerValidate(program: Command, io: CliIo, setExit: (code: number) => void): void {
  projectFileOptions(program.command('validate').description('check config, domain, flows, endpoints and sub-agents for errors'))
    .option('--fail-on-warnings', 'exit with 1 when there are warnings too', false)
    .action(async (opts: ProjectFileOptions & { failOnWarnings: boolean }) => {
      const { diagnostics } = await loadProject(opts.project, { overrides: fileOverrides(opts), check: llmKeyCheck(process.env) });
      printDiagnostics(diagnostics, io);
      const failed = diagnostics.some((d) => d.severity === 'error' || opts.failOnWarnings);
      setExit(failed ? EXIT.failure : EXIT.ok);
    });
}
