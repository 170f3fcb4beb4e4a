#!/usr/bin/env node
// Starts the CLI from the bundle `npm install` builds (dist/, fast to load), or from the TypeScript
// sources through tsx when there is no bundle or a source file changed since it was built.
import { readdirSync, statSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/colloquy.mjs`;

function bundleIsFresh() {
  let built;
  try {
    built = statSync(bundle).mtimeMs;
  } catch {
    return false;
  }
  // Only code is bundled: templates, patterns and web assets are read from src/ at run time.
  const code = readdirSync(`${root}src`, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'));
  return code.every((entry) => statSync(`${entry.parentPath}/${entry.name}`).mtimeMs <= built);
}

// Node >= 22.1 keeps V8's compiled code of the modules on disk between starts (Node 20 has no such cache).
module.enableCompileCache?.();

let main;
if (bundleIsFresh()) {
  ({ main } = await import(bundle));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
