/**
 * The content of a project's YAML files kept as JSON in `<project>/.colloquy/cache/`, keyed by the
 * sha256 of each file's text: parsing YAML is most of a project's load, reading JSON a hundredth of it.
 * An edited file has a new key, so it is parsed again; entries no load asked for are dropped on save.
 * The cache holds what the files say before `${ENV}` interpolation, never an interpolated value.
 * A cache that cannot be read or written is ignored: the files are then parsed as without it.
 * @module
 */
import { createHash } from 'node:crypto';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { isDeepStrictEqual } from 'node:util';
import { CODE_CACHE_FOLDER } from './compiled-module.ts';

/** Changes when what this module writes changes, so older cache files are not reused. */
const CACHE_FORMAT = 1;
const CACHE_FILE = 'parsed-yaml.json';

/** A YAML text's content and the positions looked up in it (the project loader's `KnownYaml`). */
interface KnownYaml {
  readonly data: unknown;
  readonly positions: Record<string, { readonly line: number; readonly column: number }>;
}

/** What the project loader asks of a YAML cache (its `ParsedYamlCache`), and `save`. */
export interface SavedYamlCache {
  get(text: string): KnownYaml | undefined;
  set(text: string, known: KnownYaml): void;
  /** Writes the entries used since it was opened, when they differ from what was read. */
  save(): void;
}

export function openParsedYamlCache(projectRoot: string): SavedYamlCache {
  const folder = join(resolve(projectRoot), CODE_CACHE_FOLDER);
  const file = join(folder, CACHE_FILE);
  const { text: read, entries: stored } = readEntries(file);
  const used = new Map<string, KnownYaml>();
  return {
    get(text) {
      const key = sha256(text);
      const known = Object.hasOwn(stored, key) ? stored[key] : undefined;
      if (typeof known?.positions !== 'object' || known.positions === null) return undefined;
      used.set(key, known);
      return known;
    },
    set(text, known) {
      // Only content JSON keeps unchanged (no `.inf`, binary or sets) is kept.
      const json = JSON.stringify(known.data);
      if (json === undefined || !isDeepStrictEqual(JSON.parse(json), known.data)) return;
      used.set(sha256(text), known);
    },
    save() {
      const text = JSON.stringify({ format: CACHE_FORMAT, entries: Object.fromEntries(used) });
      if (text === read) return;
      try {
        mkdirSync(folder, { recursive: true });
        // Several replicas may start on one project at once: each writes its own file and renames it into place.
        const temporary = `${file}.${process.pid}.tmp`;
        writeFileSync(temporary, text);
        renameSync(temporary, file);
      } catch {
        // A read-only project folder loads as before, only slower.
      }
    },
  };
}

function readEntries(file: string): { readonly text?: string; readonly entries: Readonly<Record<string, KnownYaml>> } {
  try {
    const text = readFileSync(file, 'utf8');
    const parsed = JSON.parse(text) as { format?: unknown; entries?: unknown };
    return parsed.format === CACHE_FORMAT && parsed.entries !== null && typeof parsed.entries === 'object' ? { text, entries: parsed.entries as Record<string, KnownYaml> } : { entries: {} };
  } catch {
    return { entries: {} };
  }
}

function sha256(text: string): string {
  return createHash('sha256').update(text).digest('hex');
}
