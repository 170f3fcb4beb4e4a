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
import { compiledModuleUrl } from './code-cache/compiled-module.ts';

/** The project's files on disk, for `locateActionsModule`. */
export function projectFiles(root: string): CodeProbe {
  return {
    exists: (path) => existsSync(join(root, path)),
    list: (folder) => (existsSync(join(root, folder)) ? readdirSync(join(root, folder)) : []),
  };
}

/**
 * Imports a project file. TypeScript runs from its compiled copy in the project's code cache
 * (`code-cache/`), or through tsx when it cannot be compiled there.
 */
export async function importProjectModule(file: string, projectRoot: string): Promise<Record<string, unknown>> {
  const url = pathToFileURL(file).href;
  const loaded = (/\.[cm]?tsx?$/.test(file) ? await importTypeScript(file, projectRoot) : await import(url)) as Record<string, unknown>;
  // Outside an ESM package tsx compiles the file to CommonJS; its real exports are then `default`.
  const inner = loaded.default as { __esModule?: boolean } | undefined;
  return inner && typeof inner === 'object' && inner.__esModule === true ? (inner as Record<string, unknown>) : loaded;
}

async function importTypeScript(file: string, projectRoot: string): Promise<unknown> {
  const compiled = await compiledModuleUrl(file, projectRoot);
  // Stack traces through the compiled copy name the TypeScript lines, as under tsx (which does the same).
  process.setSourceMapsEnabled(true);
  // tsx is loaded only when needed: a bundled colloquy does not otherwise need it.
  return compiled ? await import(compiled) : await (await import('tsx/esm/api')).tsImport(pathToFileURL(file).href, import.meta.url);
}
