/**
 * Loads a project's own code (custom actions, sub-agent customisations) from its files.
 * TypeScript is loaded as an ES module whatever the project's package.json says: a Rasa project
 * moved over has none, and without `"type": "module"` Node would read `export` as CommonJS.
 * @module
 */
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeProbe } from '../core/code-location.ts';

/** The project's files on disk, for `locateActionsModule`. */
export function projectFiles(root: string): CodeProbe {
  return {
    exists: (path) => existsSync(join(root, path)),
    list: (folder) => (existsSync(join(root, folder)) ? readdirSync(join(root, folder)) : []),
  };
}

export async function importProjectModule(file: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  // tsx is loaded only for TypeScript files: a bundled colloquy does not otherwise need it.
  const loaded = (/\.[cm]?tsx?$/.test(file) ? await (await import('tsx/esm/api')).tsImport(url, import.meta.url) : await import(url)) as Record<string, unknown>;
  // Outside an ESM package tsx compiles the file to CommonJS; its real exports are then `default`.
  const inner = loaded.default as { __esModule?: boolean } | undefined;
  return inner && typeof inner === 'object' && inner.__esModule === true ? (inner as Record<string, unknown>) : loaded;
}
