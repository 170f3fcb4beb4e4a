/**
 * Which files make up a project (Rasa Pro layout), and reading them from disk.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

/** Project-relative path (forward slashes) → file content. */
export type ProjectFiles = Readonly<Record<string, string>>;

export type FileRole = 'config' | 'domain' | 'data' | 'endpoints' | 'credentials' | 'sub_agent';

const YAML = /\.ya?ml$/;

/** The role of a project-relative path, or undefined when the loader ignores the file. */
export function roleOf(path: string): FileRole | undefined {
  if (!YAML.test(path)) return undefined;
  const bare = path.replace(YAML, '');
  if (bare === 'config') return 'config';
  if (bare === 'domain' || path.startsWith('domain/')) return 'domain';
  if (path.startsWith('data/')) return 'data';
  if (bare === 'endpoints') return 'endpoints';
  if (bare === 'credentials') return 'credentials';
  if (/^sub_agents\/[^/]+\/config$/.test(bare)) return 'sub_agent';
  return undefined;
}

const SKIP_DIRS = new Set(['node_modules', 'models', '.git']);

/** Reads every project file the loader understands under `dir`. */
export async function readProjectFiles(dir: string): Promise<ProjectFiles> {
  const files: Record<string, string> = {};
  const walk = async (folder: string, depth: number): Promise<void> => {
    const entries = await readdir(folder, { withFileTypes: true });
    await Promise.all(
      entries.map(async (entry) => {
        const full = join(folder, entry.name);
        const rel = relative(dir, full).split(sep).join('/');
        if (entry.isDirectory()) {
          if (entry.name.startsWith('.') || SKIP_DIRS.has(entry.name)) return;
          if (depth === 0 && !['domain', 'data', 'sub_agents'].includes(entry.name)) return;
          await walk(full, depth + 1);
        } else if (entry.isFile() && roleOf(rel)) {
          files[rel] = await readFile(full, 'utf8');
        }
      }),
    );
  };
  await walk(dir, 0);
  return files;
}

/** Files given on the command line instead of the project's own (Rasa's `-c`, `-d`, `--data`, `--endpoints`, `--credentials`). */
export interface FileOverrides {
  readonly config?: string;
  /** A domain file or folder; replaces `domain.yml` / `domain/`. */
  readonly domain?: string;
  /** Data files or folders; replace `data/`. */
  readonly data?: readonly string[];
  readonly endpoints?: string;
  readonly credentials?: string;
}

async function yamlFilesAt(path: string): Promise<string[]> {
  if (!(await stat(path)).isDirectory()) return [path];
  const entries = await readdir(path, { withFileTypes: true, recursive: true });
  return entries.filter((e) => e.isFile() && YAML.test(e.name)).map((e) => join(e.parentPath, e.name));
}

/**
 * Replaces the project's files by the overrides. An override is keyed under the role's place
 * (`domain/…`, `data/…`) by its path as given, so diagnostics still name the file.
 */
export async function withOverrides(files: ProjectFiles, overrides: FileOverrides): Promise<ProjectFiles> {
  const result: Record<string, string> = { ...files };
  const replace = async (role: FileRole, paths: readonly string[], keyOf: (file: string) => string): Promise<void> => {
    for (const key of Object.keys(result)) if (roleOf(key) === role) delete result[key];
    for (const path of paths) for (const file of await yamlFilesAt(path)) result[keyOf(file)] = await readFile(file, 'utf8');
  };
  const asPosix = (file: string) => file.split(sep).join('/').replace(/^(\.\.\/)+|^\//, '');
  if (overrides.config) await replace('config', [overrides.config], () => 'config.yml');
  if (overrides.endpoints) await replace('endpoints', [overrides.endpoints], () => 'endpoints.yml');
  if (overrides.credentials) await replace('credentials', [overrides.credentials], () => 'credentials.yml');
  if (overrides.domain) await replace('domain', [overrides.domain], (file) => `domain/${asPosix(file)}`);
  if (overrides.data && overrides.data.length > 0) await replace('data', overrides.data, (file) => `data/${asPosix(file)}`);
  return result;
}
