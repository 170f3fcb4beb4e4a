// Bundles the CLI's TypeScript into one CommonJS script (dist/colloquy.cjs) at install time, so starting
// colloquy does not pay for transpiling hundreds of modules through tsx's loader hooks, and
// bin/colloquy.js can run it with V8's code cache (Node 20 caches no compiled ES modules).
// The pure-JavaScript packages every start loads (BUNDLED, with what they import) are bundled too:
// one file instead of ~400 to resolve, stat and read is a quarter of the start's CPU time. Everything
// else stays external: native code (better-sqlite3), files found next to a package's code (socket.io
// serves its client from __dirname, pino starts worker files), packages loaded only when configured,
// and packages whose one copy a project may share (@opentelemetry/api keeps global state).
// Each module's `import.meta.url` is pinned to its source file, so files read next to the code
// (default patterns, prompt templates, the inspector page) are still found.
import { build } from 'esbuild';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { dirname } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const BUNDLED = new Set(['fastify', '@fastify/cors', '@fastify/websocket', 'yaml', 'zod', 'commander', 'chrono-node', 'nunjucks']);

/** Package name of a bare import specifier (`zod/v4` → `zod`). */
const packageOf = (specifier) => specifier.split('/').slice(0, specifier.startsWith('@') ? 2 : 1).join('/');

const bundleStartPackages = {
  name: 'bundle-start-packages',
  setup(b) {
    b.onResolve({ filter: /^[^./]/ }, (args) => {
      if (args.path.startsWith('node:')) return { external: true };
      const fromOurCode = !args.importer.includes('/node_modules/');
      const pkg = packageOf(args.path);
      // What a bundled package imports is bundled with it, except what must stay external whoever imports it.
      if (fromOurCode ? BUNDLED.has(pkg) : !STAY_EXTERNAL.has(pkg)) return undefined;
      return { external: true };
    });
  },
};

/** Found by their own files at run time, or shared as one copy. */
const STAY_EXTERNAL = new Set(['pino', 'thread-stream', 'socket.io', '@opentelemetry/api', 'bufferutil', 'utf-8-validate']);

/**
 * zod's namespace object re-exports its ~45 error-message locales (half of zod's code), so they cannot
 * be tree-shaken; colloquy only uses the default English one (nothing calls `z.config(z.locales.xx())`).
 */
const englishZodOnly = {
  name: 'english-zod-only',
  setup(b) {
    b.onResolve({ filter: /^\.\.\/locales\/index\.js$/ }, (args) => (args.importer.includes('/node_modules/zod/') ? { path: args.importer, namespace: 'zod-locales' } : undefined));
    b.onLoad({ filter: /.*/, namespace: 'zod-locales' }, (args) => ({ contents: "export { default as en } from '../locales/en.js';", resolveDir: dirname(args.path) }));
  },
};

const pinImportMetaUrl = {
  name: 'pin-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

/**
 * bin/colloquy.js runs the bundle through `vm.Script` with V8's code cache, where `import()` fails once
 * the code comes from the cache (Node does not restore the script's import callback): the bundle's
 * remaining `import()` calls (external packages, project actions) call the loader's import instead.
 */
const importThroughLoader = (code) => code.replace(/(?<![\w$.])import\(/g, '__colloquyImport(');

/**
 * esbuild leaves non-ASCII characters in regular expressions and comments; escaped, the bundle is ASCII,
 * which bin/colloquy.js reads as latin1: a copy, where decoding 4 MB of UTF-8 took ≈ 40 ms of a start.
 */
const asciiOnly = (code) => code.replace(/[^\0-\x7f]/g, (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`);

const { outputFiles } = await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outfile: `${root}dist/colloquy.cjs`,
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [bundleStartPackages, englishZodOnly, pinImportMetaUrl],
  // The file is the function bin/colloquy.js calls with CommonJS's arguments and its import (see
  // importThroughLoader): wrapped at run time, the 4 MB source would be copied once more.
  banner: { js: '(function (exports, require, module, __filename, __dirname, __colloquyImport) {' },
  footer: { js: '})' },
  write: false,
});
// A fresh folder: no ES-module chunks of earlier builds, no code caches of another bundle.
await rm(`${root}dist`, { recursive: true, force: true });
await mkdir(`${root}dist`, { recursive: true });
for (const file of outputFiles) await writeFile(file.path, file.path.endsWith('.cjs') ? asciiOnly(importThroughLoader(file.text)) : file.contents);
