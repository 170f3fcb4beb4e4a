/**
 * What `run`, `shell` and `test` serve: a project folder loaded and validated on the spot, or a
 * trained model bundle (`--model`). `--config`/`--domain`/`--data`/`--endpoints`/`--credentials` replace the project's files;
 * with a bundle only `--endpoints`/`--credentials` apply: as in Rasa they configure the run, not the model.
 * @module
 */
import path from 'node:path';
import type { Assistant } from '../core/assistant.ts';
import { hasErrors, loadProject, readModelBundle, type Diagnostic, type FileOverrides } from '../project/index.ts';
import { fileOverrides } from './project-options.ts';
import type { OfflineModel } from '../understanding/offline/index.ts';
import { llmKeyCheck } from './llm-keys.ts';
import { openParsedYamlCache } from '../adapters/code-cache/parsed-yaml-cache.ts';
import type { DomainLanguageModel } from '../adapters/speech/offline/domain-language-model.ts';
import { bundledSpeechLanguageModel } from './speech-language-model.ts';
import type { TrainedKnowledge } from '../adapters/search/index.ts';

export interface LoadedModel {
  readonly assistant: Assistant;
  readonly modelId: string;
  readonly modelFile?: string;
  readonly offlineModel?: OfflineModel;
  /** The offline ASR's domain language model trained with the bundle. */
  readonly speechLanguageModel?: DomainLanguageModel;
  /** The knowledge-base index of a trained bundle (`trained.search`); absent: built from the documents on load. */
  readonly knowledge?: TrainedKnowledge;
  /** Warnings of the project files (a bundle was checked when it was trained). */
  readonly warnings?: readonly Diagnostic[];
}

export interface ModelSource {
  readonly project: string;
  readonly model?: string;
  readonly config?: string;
  readonly domain?: string;
  readonly data?: string[];
  readonly endpoints?: string;
  readonly credentials?: string;
}

export class ModelLoadError extends Error {
  constructor(message: string, readonly diagnostics: readonly Diagnostic[] = []) {
    super(message);
    this.name = 'ModelLoadError';
  }
}

export async function loadModel(source: ModelSource): Promise<LoadedModel> {
  if (source.model) {
    let bundle;
    try {
      bundle = await readModelBundle(source.model);
    } catch (error) {
      throw new ModelLoadError(`cannot read model ${source.model}: ${(error as Error).message}`);
    }
    const offline = bundle.trained.offline as OfflineModel | undefined;
    const speechLanguageModel = bundledSpeechLanguageModel(bundle.trained);
    const knowledge = bundle.trained.search as TrainedKnowledge | undefined;
    return {
      assistant: await withRunConfig(bundle.assistant, source),
      modelId: bundle.assistant.fingerprint,
      modelFile: path.resolve(source.model),
      ...(offline ? { offlineModel: offline } : {}),
      ...(speechLanguageModel ? { speechLanguageModel } : {}),
      ...(knowledge ? { knowledge } : {}),
    };
  }
  const { assistant, diagnostics } = await loadValidProject(source, { ...fileOverrides(source), ...credentialsOverride(source) });
  return { assistant, modelId: assistant.fingerprint, warnings: diagnostics };
}

/**
 * The bundle's assistant with the stores, services and channels of `--endpoints`/`--credentials`
 * (a container image trains once and each deployment brings its own). They are validated against
 * the project folder, as at training; the bundle's fingerprint does not cover them.
 */
async function withRunConfig(bundled: Assistant, source: ModelSource): Promise<Assistant> {
  if (!source.endpoints && !source.credentials) return bundled;
  const { assistant } = await loadValidProject(source, { ...(source.endpoints ? { endpoints: source.endpoints } : {}), ...credentialsOverride(source) });
  return { ...bundled, endpoints: assistant.endpoints, channels: assistant.channels };
}

const credentialsOverride = (source: ModelSource) => (source.credentials ? { credentials: source.credentials } : {});

async function loadValidProject(source: ModelSource, overrides: FileOverrides): Promise<{ assistant: Assistant; diagnostics: Diagnostic[] }> {
  const root = path.resolve(source.project);
  const yamlCache = openParsedYamlCache(root);
  const { assistant, diagnostics } = await loadProject(root, { env: process.env, check: llmKeyCheck(process.env), overrides, yamlCache });
  yamlCache.save();
  if (!assistant || hasErrors(diagnostics)) throw new ModelLoadError(`the project in ${root} has errors`, diagnostics);
  return { assistant, diagnostics };
}
