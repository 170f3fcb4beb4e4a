/**
 * The knowledge base on disk: `.txt` (what Rasa's FAISS store reads) and `.md` files under the
 * source folder, cut into chunks of about 1,000 characters, the size Rasa's splitter uses.
 * @module
 */
import { readdir, readFile, stat } from 'node:fs/promises';
import { join, relative, sep } from 'node:path';

export interface Chunk {
  readonly text: string;
  /** File path relative to the project, with `/` separators (Rasa's `metadata.source`). */
  readonly source: string;
}

const EXTENSIONS = /\.(txt|md)$/i;
/** A document larger than this is not knowledge but a mistake (a log, a dump); it is refused by name. */
const MAX_FILE_BYTES = 5 * 1024 * 1024;
export const CHUNK_SIZE = 1000;

export class KnowledgeBaseError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'KnowledgeBaseError';
  }
}

/** Reads and chunks every document under `folder`, in path order; `root` makes the sources relative. */
export async function loadChunks(folder: string, root: string): Promise<Chunk[]> {
  let files: string[];
  try {
    files = (await readdir(folder, { recursive: true })).filter((f) => EXTENSIONS.test(f)).sort();
  } catch (error) {
    throw new KnowledgeBaseError(`the documents folder ${folder} cannot be read: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  const chunks: Chunk[] = [];
  for (const file of files) {
    const path = join(folder, file);
    const info = await stat(path);
    if (!info.isFile()) continue;
    if (info.size > MAX_FILE_BYTES) throw new KnowledgeBaseError(`${path} is larger than ${MAX_FILE_BYTES / 1024 / 1024} MB`);
    const source = relative(root, path).split(sep).join('/');
    for (const text of chunkText(await readFile(path, 'utf8'))) chunks.push({ text, source });
  }
  return chunks;
}

/**
 * Paragraphs packed into chunks of at most `size` characters; a Markdown heading stays with the
 * paragraph after it, and a paragraph longer than `size` is cut at sentence ends (then at spaces).
 */
export function chunkText(text: string, size = CHUNK_SIZE): string[] {
  const pieces = text
    .replace(/\r\n?/g, '\n')
    .split(/\n\s*\n/)
    .map((p) => p.trim())
    .filter(Boolean)
    .flatMap((p) => (p.length <= size ? [p] : splitLong(p, size)));
  const chunks: string[] = [];
  let current = '';
  for (const piece of pieces) {
    const joined = current ? `${current}\n\n${piece}` : piece;
    if (joined.length <= size || isHeading(current)) current = joined;
    else {
      chunks.push(current);
      current = piece;
    }
  }
  if (current) chunks.push(current);
  return chunks;
}

function isHeading(text: string): boolean {
  return /^#{1,6}\s[^\n]*$/.test(text);
}

function splitLong(paragraph: string, size: number): string[] {
  const parts: string[] = [];
  let current = '';
  for (const sentence of sentencesOf(paragraph).flatMap((s) => (s.length <= size ? [s] : hardSplit(s, size)))) {
    const joined = current ? `${current} ${sentence}` : sentence;
    if (joined.length <= size) current = joined;
    else {
      parts.push(current);
      current = sentence;
    }
  }
  if (current) parts.push(current);
  return parts;
}

function hardSplit(text: string, size: number): string[] {
  const parts: string[] = [];
  let rest = text;
  while (rest.length > size) {
    const cut = rest.lastIndexOf(' ', size);
    const at = cut > size / 2 ? cut : size;
    parts.push(rest.slice(0, at).trim());
    rest = rest.slice(at).trim();
  }
  if (rest) parts.push(rest);
  return parts;
}

/** Sentences of a text: cut after `.`, `!` or `?` followed by a space, and at line breaks (list items). */
export function sentencesOf(text: string): string[] {
  return text
    .split(/(?<=[.!?])\s+|\n+/)
    .map((s) => s.trim())
    .filter(Boolean);
}
