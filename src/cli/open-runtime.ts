/**
 * The runtime for `run`, `shell`, `inspect` and `test`: an invalid project is reported on the CLI's
 * streams (diagnostics with positions, no stack trace) instead of thrown.
 * @module
 */
import type { ComposedRuntime, ComposeOptions } from './compose-runtime.ts';
import { formatDiagnostic } from '../project/index.ts';
import { printDiagnostics } from './commands/print-diagnostics.ts';
import type { CliIo } from './io.ts';
import { ModelLoadError, type ModelSource } from './load-model.ts';

/** The composed runtime, or `undefined` after printing why the model could not be loaded. */
/** `source` may be a command's whole options object: only the model fields are read. */
export async function openRuntime(source: ModelSource, options: ComposeOptions, io: CliIo): Promise<ComposedRuntime | undefined> {
  // Loaded on demand: commands like `validate` start without the runtime's dependencies.
  const { composeRuntime } = await import('./compose-runtime.ts');
  try {
    const runtime = await composeRuntime(source, options);
    // Warnings do not stop the start, but some predict failing turns (an LLM without its key).
    for (const d of runtime.current().warnings ?? []) io.err(`${formatDiagnostic(d, { color: io.color })}\n`);
    return runtime;
  } catch (error) {
    if (!(error instanceof ModelLoadError)) throw error;
    printDiagnostics(error.diagnostics, io);
    io.err(`error: ${error.message}\n`);
    return undefined;
  }
}
