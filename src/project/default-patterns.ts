/**
 * The default patterns (`src/core/patterns/default-patterns.yml`), read once per process.
 * @module
 */
import { readFileSync } from 'node:fs';
import { YamlFile, type ParsedYamlCache } from './yaml-file.ts';

/** Name under which diagnostics about the default patterns are reported. */
export const DEFAULT_PATTERNS_FILE = 'colloquy:default-patterns.yml';

let text: string | undefined;
let parsed: YamlFile | undefined;

export function defaultPatternsText(): string {
  text ??= readFileSync(new URL('../core/patterns/default-patterns.yml', import.meta.url), 'utf8');
  return text;
}

/** Parsed once per process: the loader only reads it (schema checks clone before changing). */
export function defaultPatternsFile(cache?: ParsedYamlCache): YamlFile {
  if (parsed) parsed.keepIn(cache);
  else parsed = new YamlFile(DEFAULT_PATTERNS_FILE, defaultPatternsText(), cache);
  return parsed;
}
