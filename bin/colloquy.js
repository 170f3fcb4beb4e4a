#!/usr/bin/env node
// Starts the CLI from the bundle `npm install` builds (dist/, fast to load), or from the TypeScript
// sources through tsx when there is no bundle or a source file changed since it was built.
import { readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs';
import module from 'node:module';
import { fileURLToPath } from 'node:url';
import vm from 'node:vm';

const root = fileURLToPath(new URL('..', import.meta.url));
const bundle = `${root}dist/colloquy.cjs`;

function bundleStat() {
  let built;
  try {
    built = statSync(bundle);
  } catch {
    return undefined;
  }
  // Only code is bundled: templates, patterns and web assets are read from src/ at run time.
  const code = readdirSync(`${root}src`, { recursive: true, withFileTypes: true }).filter((e) => e.isFile() && e.name.endsWith('.ts') && !e.name.endsWith('.test.ts'));
  return code.every((entry) => statSync(`${entry.parentPath}/${entry.name}`).mtimeMs <= built.mtimeMs) ? built : undefined;
}

/**
 * Runs the CommonJS bundle with V8's code cache: compiling the bundle was about a third of a start,
 * and Node 20 caches no compiled code itself. One cache per command (a short command compiles
 * little of `run`), written at exit when missing or stale, so it holds what the run compiled lazily.
 * A cache V8 rejects (another Node, other flags) or that cannot be written only costs the compile.
 */
function loadBundle(built) {
  const command = /^[a-z][a-z-]*$/.test(process.argv[2] ?? '') ? process.argv[2] : 'other';
  const cacheFile = `${bundle}.${command}.v8cache`;
  // V8 checks its version and flags but only the source's length: the key ties the cache to this build.
  const key = Buffer.from(`${process.version} ${process.arch} ${built.size} ${built.mtimeMs}\n`);
  let cachedData;
  try {
    const stored = readFileSync(cacheFile);
    if (stored.subarray(0, key.length).equals(key)) cachedData = stored.subarray(key.length);
  } catch {
    // No cache yet.
  }
  // The bundle is one function expression, in ASCII (scripts/build.mjs).
  const script = new vm.Script(readFileSync(bundle, 'latin1'), {
    filename: bundle,
    ...(cachedData ? { cachedData } : {}),
  });
  // Not from a help page or a failed start: a cache holds what its run compiled, and is kept until rejected.
  const representative = !process.argv.some((arg) => arg === '--help' || arg === '-h');
  if (representative && (!cachedData || script.cachedDataRejected)) {
    process.once('exit', (code) => {
      if (code !== 0) return;
      const temporary = `${cacheFile}.${process.pid}`;
      try {
        writeFileSync(temporary, Buffer.concat([key, script.createCachedData()]));
        renameSync(temporary, cacheFile);
      } catch {
        // A read-only install: every start compiles.
      }
    });
  }
  const bundleModule = { exports: {} };
  // The bundle's import() calls come here (scripts/build.mjs): in Node 20 code from V8's cache has no import callback.
  const importModule = (specifier) => import(specifier);
  script.runInThisContext()(bundleModule.exports, module.createRequire(bundle), bundleModule, bundle, `${root}dist`, importModule);
  return bundleModule.exports;
}

// Node >= 22.1 keeps V8's compiled code of the modules on disk between starts (Node 20 has no such cache).
module.enableCompileCache?.();

let main;
const built = bundleStat();
if (built) {
  ({ main } = loadBundle(built));
} else {
  const { register } = await import('tsx/esm/api');
  register();
  ({ main } = await import('../src/cli/main.ts'));
}
process.exitCode = await main(process.argv.slice(2));
