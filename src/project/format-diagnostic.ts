/**
 * One-line rendering of a diagnostic:
 * `data/flows/transfer.yml:12:9 error flows.transfer_money.steps[2].collect: slot 'amount' is not defined in the domain. Fix: add it …`
 * @module
 */
import type { Diagnostic } from './diagnostics.ts';

export interface FormatOptions {
  /** ANSI colours (respect NO_COLOR at the call site). */
  readonly color?: boolean;
}

const ansi = (code: number) => (text: string) => `\u001b[${code}m${text}\u001b[0m`;
const red = ansi(31);
const yellow = ansi(33);
const dim = ansi(2);
const bold = ansi(1);

export function formatDiagnostic(d: Diagnostic, options: FormatOptions = {}): string {
  const color = options.color ?? false;
  const position = `${d.file}:${d.line}:${d.column}`;
  const severity = color ? (d.severity === 'error' ? red : yellow)(d.severity) : d.severity;
  const key = d.keyPath ? ` ${color ? bold(d.keyPath) : d.keyPath}:` : '';
  const fix = d.hint ? ` Fix: ${lowerFirst(d.hint)}` : '';
  return `${color ? dim(position) : position} ${severity}${key} ${d.message}${fix}`;
}

function lowerFirst(text: string): string {
  return /^[A-Z][a-z]/.test(text) ? text[0]!.toLowerCase() + text.slice(1) : text;
}
