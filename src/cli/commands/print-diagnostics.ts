/**
 * Prints diagnostics and the "N errors, M warnings" summary.
 * @module
 */
import { countBySeverity, formatDiagnostic, type Diagnostic } from '../../project/index.ts';
import type { CliIo } from '../io.ts';

export function printDiagnostics(diagnostics: readonly Diagnostic[], io: CliIo): void {
  for (const d of diagnostics) (d.severity === 'error' ? io.err : io.out)(`${formatDiagnostic(d, { color: io.color })}\n`);
  const { errors, warnings } = countBySeverity(diagnostics);
  io.out(`${errors} error${errors === 1 ? '' : 's'}, ${warnings} warning${warnings === 1 ? '' : 's'}\n`);
}
