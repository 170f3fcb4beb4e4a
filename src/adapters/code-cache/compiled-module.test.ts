import { mkdirSync, mkdtempSync, readdirSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { testAssistant } from '../../../test/server/fake-runtime.ts';
import { precompileActions } from '../actions/create-action-runner.ts';
import { importProjectModule } from '../project-module.ts';
import { CODE_CACHE_FOLDER, compiledModuleUrl } from './compiled-module.ts';

function project(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmpdir(), 'colloquy-code-cache-'));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(root, name, '..'), { recursive: true });
    writeFileSync(join(root, name), content);
  }
  return root;
}

const ENTRY = `import { greet } from './greet.ts';
import type { Unused } from './types.ts';
export const here: string = import.meta.url;
export const folder: string = import.meta.dirname;
export default { action_hello: (): string => greet('Ada') };
export function fail(): never {
  throw new Error('boom');
}
`;

describe('compiled project modules', () => {
  it('bundles the project files into one cached JavaScript file that keeps the source location', async () => {
    const root = project({ 'actions/index.ts': ENTRY, 'actions/greet.ts': `export const greet = (name: string): string => 'Hello ' + name;\n`, 'actions/types.ts': 'export type Unused = number;\n' });
    const url = await compiledModuleUrl(join(root, 'actions/index.ts'), root);
    expect(url).toMatch(new RegExp(`${CODE_CACHE_FOLDER}/index-[0-9a-f]{16}\\.mjs$`));
    const loaded = await importProjectModule(join(root, 'actions/index.ts'), root);
    expect((loaded.default as { action_hello: () => string }).action_hello()).toBe('Hello Ada');
    expect(loaded.here).toBe(pathToFileURL(join(root, 'actions/index.ts')).href);
    expect(loaded.folder).toBe(join(root, 'actions'));
    // Stack traces name the TypeScript file and line, not the cached copy.
    const error = (() => {
      try {
        (loaded.fail as () => never)();
      } catch (e) {
        return e as Error;
      }
    })();
    expect(error?.stack).toContain(`(${join(root, 'actions/index.ts')}:7:`);
  });

  it('reuses the cache until a bundled file changes, then compiles a new copy', async () => {
    const root = project({ 'actions/index.ts': ENTRY, 'actions/greet.ts': `export const greet = (name: string): string => 'Hello ' + name;\n`, 'actions/types.ts': 'export type Unused = number;\n' });
    const entry = join(root, 'actions/index.ts');
    const first = await compiledModuleUrl(entry, root);
    const written = statSync(new URL(first as string)).mtimeMs;
    expect(await compiledModuleUrl(entry, root)).toBe(first);
    expect(statSync(new URL(first as string)).mtimeMs).toBe(written);
    writeFileSync(join(root, 'actions/greet.ts'), `export const greet = (name: string): string => 'Hi ' + name;\n`);
    const second = await compiledModuleUrl(entry, root);
    expect(second).not.toBe(first);
    expect(((await import(second as string)).default as { action_hello: () => string }).action_hello()).toBe('Hi Ada');
    // The stale copy is removed: one module and its manifest remain.
    expect(readdirSync(join(root, CODE_CACHE_FOLDER)).sort()).toHaveLength(2);
  });

  it('leaves code that a bundle would change to tsx', async () => {
    const cases = {
      'a.ts': `const here = __dirname;\nexport default { action_x: () => here };\n`,
      'b.ts': `export default { action_x: () => import.meta.resolve('./b.ts') };\n`,
      'c.ts': `const name = './c.ts';\nexport default { action_x: () => import(name) };\n`,
    };
    const root = project(cases);
    for (const name of Object.keys(cases)) expect(await compiledModuleUrl(join(root, name), root), name).toBeUndefined();
    const loaded = await importProjectModule(join(root, 'b.ts'), root);
    expect(typeof (loaded.default as { action_x: unknown }).action_x).toBe('function');
    expect(readdirSync(root)).not.toContain('.colloquy');
  });

  it('leaves code that does not compile to tsx, which reports the error', async () => {
    const root = project({ 'actions.ts': 'export default { action_x: ( => 1 };\n' });
    expect(await compiledModuleUrl(join(root, 'actions.ts'), root)).toBeUndefined();
    await expect(importProjectModule(join(root, 'actions.ts'), root)).rejects.toThrow();
  });
});

describe('precompileActions (colloquy train)', () => {
  it('compiles the TypeScript actions module into the code cache, where a start finds it', async () => {
    const root = project({ 'actions/index.ts': `export default { action_x: (): string => 'x' };\n` });
    const assistant = testAssistant({ root, endpoints: { ...testAssistant().endpoints, actionEndpoint: { actionsModule: 'actions' } } });
    const compiled = await precompileActions(assistant);
    expect(compiled).toBe(fileURLToPath((await compiledModuleUrl(join(root, 'actions/index.ts'), root)) as string));
    expect(compiled?.startsWith(join(root, CODE_CACHE_FOLDER))).toBe(true);
    expect(await precompileActions(testAssistant({ root }))).toBeUndefined();
  });
});
