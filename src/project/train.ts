/**
 * `train`: validate a project and write a model bundle (the compiled Assistant plus whatever
 * registered trainers produce, e.g. the offline command generator's model).
 * @module
 */
import { mkdir, readFile, stat, writeFile } from 'node:fs/promises';
import { join, resolve } from 'node:path';
import type { Assistant } from '../core/assistant.ts';
import { hasErrors, type Diagnostic } from './diagnostics.ts';
import { loadProject, type LoadOptions } from './load-project.ts';

/**
 * Something that learns from the assistant at train time. Its result is stored as
 * `bundle.trained[name]` (plain JSON). Register from the composition root (src/cli) with
 * `registerTrainer`, since trainers live in layers project/ may not import.
 */
export interface Trainer {
  readonly name: string;
  train(assistant: Assistant): unknown;
}

export const MODEL_FORMAT = 'colloquy-model';

export interface ModelBundle {
  readonly format: typeof MODEL_FORMAT;
  readonly version: 1;
  /** ISO time of training. */
  readonly createdAt: string;
  readonly assistant: Assistant;
  readonly trained: Readonly<Record<string, unknown>>;
}

const trainers = new Map<string, Trainer>();

/** Adds (or replaces, by name) a trainer run by every `trainProject`. */
export function registerTrainer(trainer: Trainer): void {
  trainers.set(trainer.name, trainer);
}

export interface TrainOptions extends LoadOptions {
  /** Output folder; default `<project>/models`. */
  readonly out?: string;
  /** File name without `.json`; default `<YYYYMMDD-HHMMSS>-<fingerprint8>`. */
  readonly fixedModelName?: string;
  /** Training time (tests). */
  readonly now?: Date;
}

export interface TrainResult {
  readonly diagnostics: Diagnostic[];
  /** Absolute path of the written bundle; absent when validation failed. */
  readonly modelPath?: string;
  readonly bundle?: ModelBundle;
}

export async function trainProject(dir: string, options: TrainOptions = {}): Promise<TrainResult> {
  const { assistant, diagnostics } = await loadProject(dir, options);
  if (!assistant || hasErrors(diagnostics)) return { diagnostics };
  const now = options.now ?? new Date();
  const trained: Record<string, unknown> = {};
  for (const trainer of trainers.values()) trained[trainer.name] = await trainer.train(assistant);
  const bundle: ModelBundle = { format: MODEL_FORMAT, version: 1, createdAt: now.toISOString(), assistant, trained };
  const outDir = resolve(options.out ?? join(dir, 'models'));
  await mkdir(outDir, { recursive: true });
  const modelPath = join(outDir, `${options.fixedModelName ?? `${timestamp(now)}-${assistant.fingerprint.slice(0, 8)}`}.json`);
  await writeFile(modelPath, JSON.stringify(bundle));
  return { diagnostics, modelPath, bundle };
}

/** Larger files are refused before reading: `PUT /model` must not read a device or a huge file into memory. */
const MAX_BUNDLE_BYTES = 256 * 1024 * 1024;

/**
 * Reads a bundle written by `trainProject`; throws when the file is not one. The errors never quote
 * the file (JSON.parse's would): `PUT /model` reports them to clients.
 */
export async function readModelBundle(path: string): Promise<ModelBundle> {
  const info = await stat(path);
  if (!info.isFile() || info.size > MAX_BUNDLE_BYTES) throw new Error(`${path} is not a colloquy model bundle (not a file of at most ${MAX_BUNDLE_BYTES / 1024 / 1024} MB)`);
  let bundle: Partial<ModelBundle> | null;
  try {
    bundle = JSON.parse(await readFile(path, 'utf8')) as Partial<ModelBundle> | null;
  } catch {
    bundle = null;
  }
  if (typeof bundle !== 'object' || bundle === null || bundle.format !== MODEL_FORMAT || bundle.version !== 1) throw new Error(`${path} is not a colloquy model bundle`);
  return bundle as ModelBundle;
}

function timestamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, '0');
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}
