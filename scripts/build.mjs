// Bundles the CLI's TypeScript into one ES module (dist/colloquy.mjs) at install time, so starting
// colloquy does not pay for transpiling hundreds of modules through tsx's loader hooks.
// Dependencies stay external. Each module's `import.meta.url` is pinned to its source file, so files
// read next to the code (default patterns, prompt templates, the inspector page) are still found.
import { build } from 'esbuild';
import { readFile } from 'node:fs/promises';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

const pinImportMetaUrl = {
  name: 'pin-import-meta-url',
  setup(b) {
    b.onLoad({ filter: /\/src\/.*\.ts$/ }, async (args) => {
      const source = await readFile(args.path, 'utf8');
      return { contents: source.replaceAll('import.meta.url', JSON.stringify(pathToFileURL(args.path).href)), loader: 'ts' };
    });
  },
};

await build({
  entryPoints: [`${root}src/cli/main.ts`],
  outdir: `${root}dist`,
  entryNames: 'colloquy',
  outExtension: { '.js': '.mjs' },
  bundle: true,
  platform: 'node',
  format: 'esm',
  target: 'node20',
  packages: 'external',
  splitting: true,
  sourcemap: 'linked',
  logLevel: 'warning',
  plugins: [pinImportMetaUrl],
});
