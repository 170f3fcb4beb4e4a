/**
 * The LLM judge of generative response assertions, configured as in Rasa by `llm_judge` in a
 * `conftest.yml` beside the tests or in the project folder:
 *
 * ```yaml
 * llm_judge:
 *   llm: { model_group: judge_llm }            # or inline: { provider, model, api_base, … }
 *   embeddings: { model_group: judge_embeddings }
 * ```
 * @module
 */
import { existsSync, statSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import type { ModelConfig, ModelGroup } from '../../core/assistant.ts';
import { embeddingClientOf, llmClientOf } from '../../adapters/llm/index.ts';
import { LlmError } from '../../ports/llm-client.ts';
import type { Env } from '../../project/index.ts';
import { interpolateEnv } from '../../project/env-interpolation.ts';
import { Reporter } from '../../project/reporter.ts';
import { YamlFile } from '../../project/yaml-file.ts';
import { createLlmJudge, type LlmJudge } from './judge.ts';
import { resolveModelOption } from '../../core/model-config.ts';

const CONFTEST_NAMES = ['conftest.yml', 'conftest.yaml'];

/** Rasa's defaults when `llm_judge` leaves a model out. */
export const DEFAULT_JUDGE_LLM: ModelConfig = { provider: 'openai', model: 'gpt-4.1-mini-2025-04-14', temperature: 0, extra: {} };
export const DEFAULT_JUDGE_EMBEDDINGS: ModelConfig = { provider: 'openai', model: 'text-embedding-ada-002', extra: {} };

export interface JudgeSettings {
  /** The conftest file the settings came from. */
  readonly file: string;
  /** A model group routes the judge's calls as it routes the assistant's. */
  readonly llm: ModelConfig | ModelGroup;
  readonly embeddings: ModelConfig | ModelGroup;
}

export class JudgeConfigError extends Error {
  constructor(file: string, line: number | undefined, message: string) {
    super(`${file}${line ? `:${line}` : ''}: ${message}`);
    this.name = 'JudgeConfigError';
  }
}

/**
 * The conftest file for tests at `testPath`: the nearest one from the test folder up to the
 * project folder (inclusive). Tests outside the project see the test folder and the project folder only.
 */
export function findConftest(testPath: string, projectDir: string): string | undefined {
  const project = path.resolve(projectDir);
  let dir = path.resolve(testPath);
  if (!isDirectory(dir)) dir = path.dirname(dir);
  const dirs = [dir];
  if (isInside(dir, project)) {
    while (dir !== project) dirs.push((dir = path.dirname(dir)));
  } else {
    dirs.push(project);
  }
  for (const candidate of dirs) {
    for (const name of CONFTEST_NAMES) {
      const file = path.join(candidate, name);
      if (existsSync(file)) return file;
    }
  }
  return undefined;
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isInside(dir: string, root: string): boolean {
  const relative = path.relative(root, dir);
  return relative === '' || (!relative.startsWith('..') && !path.isAbsolute(relative));
}

/** Reads the judge settings of the conftest file for `testPath`; `undefined` when no `llm_judge` is configured. */
export async function loadJudgeSettings(testPath: string, projectDir: string, modelGroups: readonly ModelGroup[], env: Env = process.env): Promise<JudgeSettings | undefined> {
  const file = findConftest(testPath, projectDir);
  if (!file) return undefined;
  return parseJudgeSettings(path.relative(process.cwd(), file) || file, await readFile(file, 'utf8'), modelGroups, env);
}

/** `llm_judge` of a conftest file, with `${ENV}` references replaced and model groups resolved. */
export function parseJudgeSettings(file: string, text: string, modelGroups: readonly ModelGroup[], env: Env): JudgeSettings | undefined {
  const yaml = new YamlFile(file, text);
  const syntaxError = yaml.syntaxErrors[0];
  if (syntaxError) throw new JudgeConfigError(file, syntaxError.position.line, `invalid YAML: ${syntaxError.message}`);
  const raw = record(yaml.data);
  if (!('llm_judge' in raw)) return undefined;
  const report = new Reporter();
  const judge = record(interpolateEnv(raw.llm_judge, { file: yaml, path: ['llm_judge'] }, env, report));
  const missing = report.diagnostics[0];
  if (missing) throw new JudgeConfigError(file, missing.line, `${missing.keyPath}: ${missing.message} ${missing.hint}`);
  const at = (key: string) => yaml.locate(['llm_judge', key]).line;
  const resolve = (key: 'llm' | 'embeddings', fallback: ModelConfig): ModelConfig | ModelGroup => {
    const value = judge[key];
    if (value === undefined || value === null) return fallback;
    if (typeof value !== 'object' || Array.isArray(value)) throw new JudgeConfigError(file, at(key), `llm_judge.${key}: expected a mapping ({model_group: …} or {provider, model, …})`);
    try {
      return resolveModelOption(record(value), fallback, modelGroups);
    } catch (error) {
      throw new JudgeConfigError(file, at(key), `llm_judge.${key}: ${(error as Error).message}`);
    }
  };
  return { file, llm: resolve('llm', DEFAULT_JUDGE_LLM), embeddings: resolve('embeddings', DEFAULT_JUDGE_EMBEDDINGS) };
}

function record(value: unknown): Record<string, unknown> {
  return value && typeof value === 'object' && !Array.isArray(value) ? (value as Record<string, unknown>) : {};
}

/** The judge for tests at `testPath`, with its clients; `undefined` when no `llm_judge` is configured. */
export async function openJudge(testPath: string, projectDir: string, modelGroups: readonly ModelGroup[], env: Env = process.env): Promise<{ judge: LlmJudge; settings: JudgeSettings } | undefined> {
  const settings = await loadJudgeSettings(testPath, projectDir, modelGroups, env);
  if (!settings) return undefined;
  try {
    return { judge: createLlmJudge({ llm: llmClientOf(settings.llm), embeddings: embeddingClientOf(settings.embeddings) }), settings };
  } catch (error) {
    if (error instanceof LlmError) throw new JudgeConfigError(settings.file, undefined, `llm_judge: ${error.message}`);
    throw error;
  }
}
