/**
 * A project's TypeScript module (custom actions, sub-agent customisations) compiled once to one
 * JavaScript file with esbuild and kept in `<project>/.colloquy/cache/`, so a start imports plain
 * JavaScript instead of registering tsx's loader hooks (on Node 20 they boot a hooks thread and
 * route every later CommonJS module through tsx: 0.2–0.5 s of a cold start).
 *
 * The project's own files are bundled into the one file; packages stay imports, resolved from the
 * cache folder, i.e. from the project's `node_modules` as before. The cache is keyed by the content of
 * every bundled file (a manifest lists them with their hashes), so an edit is picked up at the next
 * start or model reload. `import.meta.url`/`dirname`/`filename` keep naming the source file, and an
 * inline source map points stack traces at the TypeScript lines.
 *
 * `undefined` means "load it through tsx instead": esbuild is not installed, the cache folder is not
 * writable, the code does not compile (tsx then reports the error as before), or it relies on what a
 * bundle cannot keep: CommonJS names (`require`, `__dirname`), other uses of `import.meta`, or
 * `import()` of a computed path.
 * @module
 */
import { createHash } from 'node:crypto';
import type * as Esbuild from 'esbuild';
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import { pathToFileURL } from 'node:url';

/** Where compiled modules go, relative to the project folder (beside the default SQLite file). */
export const CODE_CACHE_FOLDER = '.colloquy/cache';

/** Changes when what this module writes changes, so older cached files are not reused. */
const CACHE_FORMAT = 1;

interface Manifest {
  readonly format: typeof CACHE_FORMAT;
  /** The compiled file, in the cache folder. */
  readonly output: string;
  /** Every project file bundled into it (absolute path → sha256 of its content). */
  readonly inputs: Readonly<Record<string, string>>;
}

/** Source patterns whose meaning changes when a file moves into a bundle elsewhere. */
const UNBUNDLEABLE = [/\brequire\s*\(/, /\b__dirname\b/, /\b__filename\b/, /\bimport\.meta(?!\.(?:url|dirname|filename)\b)/, /\bimport\s*\(\s*[^'"`\s]/];

const LOADERS: Readonly<Record<string, 'ts' | 'tsx' | 'js' | 'jsx'>> = { '.ts': 'ts', '.mts': 'ts', '.cts': 'ts', '.tsx': 'tsx', '.jsx': 'jsx' };

/** The URL of the compiled JavaScript for `file`, compiling it on a cache miss; `undefined`: use tsx. */
export async function compiledModuleUrl(file: string, projectRoot: string): Promise<string | undefined> {
  const folder = join(resolve(projectRoot), CODE_CACHE_FOLDER);
  const entry = resolve(file);
  const manifestFile = join(folder, `${sha256(entry).slice(0, 16)}.json`);
  const cached = readManifest(manifestFile);
  if (cached && upToDate(cached, folder)) return pathToFileURL(join(folder, cached.output)).href;
  try {
    const built = await compile(entry, folder);
    if (!built) return undefined;
    const inputs = Object.fromEntries(built.inputs.map((input) => [input, sha256(readFileSync(input))]));
    // The name carries the content hash: a reload after an edit imports a new URL, not Node's cached module.
    const output = `${basename(entry).replace(/\.[^.]+$/, '')}-${sha256(JSON.stringify(inputs)).slice(0, 16)}.mjs`;
    mkdirSync(folder, { recursive: true });
    writeAtomically(join(folder, output), built.code);
    writeAtomically(manifestFile, JSON.stringify({ format: CACHE_FORMAT, output, inputs } satisfies Manifest));
    if (cached && cached.output !== output) rmSync(join(folder, cached.output), { force: true });
    return pathToFileURL(join(folder, output)).href;
  } catch {
    return undefined;
  }
}

async function compile(entry: string, folder: string): Promise<{ code: string; inputs: string[] } | undefined> {
  let esbuild: typeof Esbuild;
  try {
    esbuild = await import('esbuild');
  } catch {
    return undefined;
  }
  let portable = true;
  const result = await esbuild.build({
    entryPoints: [entry],
    bundle: true,
    packages: 'external',
    platform: 'node',
    format: 'esm',
    target: 'node20',
    write: false,
    // The source map names the sources relative to the output's folder, where Node resolves them.
    outdir: folder,
    metafile: true,
    sourcemap: 'inline',
    sourcesContent: false,
    logLevel: 'silent',
    plugins: [
      {
        name: 'keep-source-location',
        setup(build) {
          build.onLoad({ filter: /\.[cm]?[jt]sx?$/ }, (args) => {
            const source = readFileSync(args.path, 'utf8');
            if (UNBUNDLEABLE.some((pattern) => pattern.test(source))) portable = false;
            const url = pathToFileURL(args.path).href;
            const contents = source
              .replaceAll('import.meta.url', JSON.stringify(url))
              .replaceAll('import.meta.dirname', JSON.stringify(dirname(args.path)))
              .replaceAll('import.meta.filename', JSON.stringify(args.path));
            return { contents, loader: LOADERS[extname(args.path)] ?? 'js', resolveDir: dirname(args.path) };
          });
        },
      },
    ],
  });
  if (!portable) return undefined;
  const code = result.outputFiles[0]?.text;
  if (code === undefined) return undefined;
  // Metafile inputs are relative to esbuild's working directory.
  return { code, inputs: Object.keys(result.metafile.inputs).map((input) => resolve(input)) };
}

function readManifest(file: string): Manifest | undefined {
  try {
    const parsed = JSON.parse(readFileSync(file, 'utf8')) as Partial<Manifest>;
    return parsed.format === CACHE_FORMAT && typeof parsed.output === 'string' && parsed.inputs && typeof parsed.inputs === 'object' ? (parsed as Manifest) : undefined;
  } catch {
    return undefined;
  }
}

function upToDate(manifest: Manifest, folder: string): boolean {
  try {
    return existsSync(join(folder, manifest.output)) && Object.entries(manifest.inputs).every(([input, hash]) => sha256(readFileSync(input)) === hash);
  } catch {
    return false;
  }
}

/** Several replicas may start on one project at once: each writes its own file and renames it into place. */
function writeAtomically(file: string, content: string): void {
  const temporary = `${file}.${process.pid}.tmp`;
  writeFileSync(temporary, content);
  renameSync(temporary, file);
}

function sha256(content: string | Buffer): string {
  return createHash('sha256').update(content).digest('hex');
}
