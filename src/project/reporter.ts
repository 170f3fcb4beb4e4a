/**
 * Collects diagnostics while a project loads, turning a YAML origin into file:line:column.
 * @module
 */
import { formatKeyPath, type Diagnostic, type PathSegment, type Severity, type YamlPath } from './diagnostics.ts';
import type { LocateMode, YamlFile } from './yaml-file.ts';

/** Where a piece of the model came from: a file and the key path inside it. */
export interface Origin {
  readonly file: YamlFile;
  readonly path: YamlPath;
}

export function childOf(origin: Origin, ...segments: PathSegment[]): Origin {
  return { file: origin.file, path: [...origin.path, ...segments] };
}

export interface ReportOptions {
  /** Point at the key rather than its value (unknown keys, duplicates). */
  readonly mode?: LocateMode;
  /** Character offset inside a scalar value (predicate parse errors). */
  readonly offset?: number;
}

export class Reporter {
  readonly diagnostics: Diagnostic[] = [];

  error(code: string, at: Origin, message: string, hint: string, options?: ReportOptions): void {
    this.add('error', code, at, message, hint, options);
  }

  warning(code: string, at: Origin, message: string, hint: string, options?: ReportOptions): void {
    this.add('warning', code, at, message, hint, options);
  }

  /** A diagnostic at a known position (YAML syntax errors, missing files). */
  errorAt(code: string, file: string, position: { line: number; column: number }, message: string, hint: string): void {
    this.diagnostics.push({ severity: 'error', file, line: position.line, column: position.column, keyPath: '', message, hint, code });
  }

  private add(severity: Severity, code: string, at: Origin, message: string, hint: string, options?: ReportOptions): void {
    const pos =
      options?.offset !== undefined ? at.file.locateInScalar(at.path, options.offset) : at.file.locate(at.path, options?.mode);
    this.diagnostics.push({
      severity,
      file: at.file.file,
      line: pos.line,
      column: pos.column,
      keyPath: formatKeyPath(at.path),
      message,
      hint,
      code,
    });
  }
}
