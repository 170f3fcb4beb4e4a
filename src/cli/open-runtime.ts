/**
 * The runtime for `run`, `shell`, `inspect` and `test`: an invalid project is reported on the CLI's
 * streams (diagnostics with positions, no stack trace) instead of thrown.
 * @module
 */
import type { ComposedRuntime, ComposeOptions } from './compose-runtime.ts';
import { printDiagnostics } from './commands/print-diagnostics.ts';
import type { CliIo } from './io.ts';
import { ModelLoadError, type ModelSource } from './load-model.ts';

/** The options of the commands that load a model, as commander hands them over. */
export interface ModelOptions {
  readonly project: string;
  readonly model?: string;
  readonly config?: string;
  readonly endpoints?: string;
  readonly credentials?: string;
}

export function modelSource(opts: ModelOptions): ModelSource {
  const { project, model, config, endpoints, credentials } = opts;
  return { project, ...(model ? { model } : {}), ...(config ? { config } : {}), ...(endpoints ? { endpoints } : {}), ...(credentials ? { credentials } : {}) };
}

/** The composed runtime, or `undefined` after printing why the model could not be loaded. */
export async function openRuntime(opts: ModelOptions, options: ComposeOptions, io: CliIo): Promise<ComposedRuntime | undefined> {
  // Loaded on demand: commands like `validate` start without the runtime's dependencies.
  const { composeRuntime } = await import('./compose-runtime.ts');
  try {
    return await composeRuntime(modelSource(opts), options);
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    printDiagnostics(error.diagnostics, io);
    io.err(`error: ${error.message}\n`);
    return undefined;
  }
}
