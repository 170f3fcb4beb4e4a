/**
 * SourceRef (file:line:column) of an origin, stored on model objects for errors and coverage.
 * @module
 */
import type { SourceRef } from '../core/flows.ts';
import type { Origin } from './reporter.ts';

export function sourceRefOf(origin: Origin): SourceRef {
  const { line, column } = origin.file.locate(origin.path);
  return { file: origin.file.file, line, column };
}
