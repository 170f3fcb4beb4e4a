/**
 * The composition root: picks the adapters endpoints.yml asks for and wires them into the turn processor.
 * @module
 */
import type { Logger } from 'pino';
import type { Assistant } from '../core/assistant.ts';
import { createActionRunner } from '../adapters/actions/create-action-runner.ts';
import { createModelClients } from '../adapters/llm/index.ts';
import { createKeyValueStore, createLockStore, createTrackerStore } from '../adapters/stores/store-factory.ts';
import type { ActionRunner } from '../ports/action-runner.ts';
import type { KeyValueStore } from '../ports/key-value-store.ts';
import type { LockStore } from '../ports/lock-store.ts';
import type { TrackerStore } from '../ports/tracker-store.ts';
import { TurnProcessor } from '../runtime/turn-processor.ts';
import type { CommandGenerator } from '../understanding/command-generator.ts';
import { createPipeline } from '../understanding/pipeline.ts';
import { loadModel, type LoadedModel, type ModelSource } from './load-model.ts';

export interface ComposeOptions {
  readonly logger: Logger;
  /** `memory`: in-process stores whatever endpoints.yml says (tests, `shell --memory`). */
  readonly stores?: 'configured' | 'memory';
  /** Wraps the project's action runner (e2e stubs). */
  readonly wrapActions?: (runner: ActionRunner) => ActionRunner;
}

export interface ComposedRuntime {
  readonly processor: TurnProcessor;
  readonly current: () => LoadedModel;
  readonly kv: KeyValueStore;
  /** Loads a model bundle and swaps it in between turns; conversations are kept. */
  reload(modelFile: string): Promise<LoadedModel>;
  close(): Promise<void>;
}

interface Parts {
  readonly model: LoadedModel;
  readonly generator: CommandGenerator;
  readonly actions: ActionRunner;
}

export async function composeRuntime(source: ModelSource, options: ComposeOptions): Promise<ComposedRuntime> {
  const { logger } = options;
  const clients = createModelClients();
  const build = async (model: LoadedModel): Promise<Parts> => {
    const generator = createPipeline(model.assistant, {
      ...clients,
      ...(model.offlineModel ? { offlineModel: model.offlineModel } : {}),
      warn: (message) => logger.warn(message),
      onError: (event, error) => logger.warn({ event, reason: (error as Error).message }, 'understanding fell back'),
    });
    const projectActions = await createActionRunner(model.assistant);
    return { model, generator, actions: options.wrapActions ? options.wrapActions(projectActions) : projectActions };
  };

  let parts = await build(await loadModel(source));
  const { trackers, locks, kv } = await openStores(parts.model.assistant, options.stores ?? 'configured');
  const actions: ActionRunner = { has: (name) => parts.actions.has(name), run: (call) => parts.actions.run(call) };
  const processor = new TurnProcessor({
    assistant: () => parts.model.assistant,
    generator: () => parts.generator,
    trackers,
    locks,
    actions,
    logger,
  });
  return {
    processor,
    current: () => parts.model,
    kv,
    async reload(modelFile) {
      parts = await build(await loadModel({ ...source, model: modelFile }));
      logger.info({ modelId: parts.model.modelId, modelFile }, 'model reloaded');
      return parts.model;
    },
    async close() {
      await Promise.allSettled([trackers.close(), locks.close(), kv.close()]);
    },
  };
}

async function openStores(assistant: Assistant, mode: 'configured' | 'memory'): Promise<{ trackers: TrackerStore; locks: LockStore; kv: KeyValueStore }> {
  const memory = { type: 'memory', options: {} };
  const endpoints = assistant.endpoints;
  const trackers = await createTrackerStore(mode === 'memory' ? memory : endpoints.trackerStore, { projectRoot: assistant.root });
  const locks = await createLockStore(mode === 'memory' ? undefined : endpoints.lockStore);
  // A2A records share the lock store's backend, so replicas that share locks also share tasks.
  const kv = await createKeyValueStore(mode === 'memory' ? undefined : endpoints.lockStore);
  return { trackers, locks, kv };
}
