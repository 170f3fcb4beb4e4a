/**
 * Where a project's `action_endpoint.actions_module` (Rasa's dotted module path) leads: a
 * TypeScript/JavaScript file colloquy runs in process, Python code for rasa-sdk's action server,
 * or nothing. Pure: the caller injects how to look at the project's files.
 * @module
 */

/** Files tried for an actions module path `p` (dots are folders): `p.ts`, `p/index.ts`, … */
export const ACTION_MODULE_SUFFIXES = ['.ts', '/index.ts', '.js', '/index.js', '.mjs', '/index.mjs'];

/** A look at the project's files, paths project-relative with forward slashes. */
export interface CodeProbe {
  exists(path: string): boolean;
  /** File names in a folder; empty when it is not one. */
  list(folder: string): readonly string[];
}

export type ActionsModuleKind = { readonly kind: 'script'; readonly file: string } | { readonly kind: 'python' } | { readonly kind: 'missing'; readonly tried: readonly string[] };

export function locateActionsModule(modulePath: string, probe: CodeProbe): ActionsModuleKind {
  const base = modulePath.split('.').join('/');
  const tried = ACTION_MODULE_SUFFIXES.map((suffix) => base + suffix);
  const file = tried.find((candidate) => probe.exists(candidate));
  if (file) return { kind: 'script', file };
  if (probe.exists(`${base}.py`) || probe.list(base).some((name) => name.endsWith('.py'))) return { kind: 'python' };
  return { kind: 'missing', tried };
}
