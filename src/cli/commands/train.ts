/**
 * `colloquy train`: validate, then write `models/<timestamp>-<fingerprint8>.json`.
 * @module
 */
import type { Command } from 'commander';
import { relative } from 'node:path';
import { registerTrainer, trainProject } from '../../project/index.ts';
import { EXIT, type CliIo } from '../io.ts';
import { printDiagnostics } from './print-diagnostics.ts';
import { speechLanguageModelTrainer } from '../speech-language-model.ts';
import { fileOverrides, projectFileOptions, type ProjectFileOptions } from '../project-options.ts';

export function registerTrain(program: Command, io: CliIo, setExit: (code: number) => void): void {
  projectFileOptions(program.command('train').description('validate the project and write a model bundle to models/'))
    .option('--out <dir>', 'output folder (default: <project>/models)')
    .option('--fixed-model-name <name>', 'file name of the bundle, without .json')
    .action(async (opts: ProjectFileOptions & { out?: string; fixedModelName?: string }) => {
      // The bundle carries the offline generator's model, so `run --model` starts without training.
      const { trainOfflineModel } = await import('../../understanding/offline/index.ts');
      registerTrainer({ name: 'offline', train: trainOfflineModel });
      // Voice: the offline ASR's language model, from the assistant's own phrases.
      registerTrainer(speechLanguageModelTrainer);
      // The knowledge base's chunks (and vectors, with an embeddings model) go into the bundle too.
      const search = await import('../../adapters/search/index.ts');
      registerTrainer({
        name: 'search',
        train: async (assistant) => search.trainKnowledge(assistant, search.needsModelClients(assistant) ? (await import('../../adapters/llm/index.ts')).createModelClients() : undefined),
      });
      const result = await trainProject(opts.project, {
        overrides: fileOverrides(opts),
        ...(opts.out !== undefined ? { out: opts.out } : {}),
        ...(opts.fixedModelName !== undefined ? { fixedModelName: opts.fixedModelName } : {}),
      });
      printDiagnostics(result.diagnostics, io);
      if (!result.modelPath) return setExit(EXIT.failure);
      io.out(`Model written to ${relative(process.cwd(), result.modelPath) || result.modelPath}\n`);
      const { precompileActions } = await import('../../adapters/actions/create-action-runner.ts');
      const compiled = result.bundle && (await precompileActions(result.bundle.assistant));
      if (compiled) io.out(`Actions compiled to ${relative(process.cwd(), compiled) || compiled}\n`);
      setExit(EXIT.ok);
    });
}
