/**
 * Which files make up a project (Rasa Pro layout), and reading them from disk.
 * @module
 */
import { readdir, readFile } from 'node:fs/promises';
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
