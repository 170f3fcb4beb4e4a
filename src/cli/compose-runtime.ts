/**
 * The composition root: picks the adapters endpoints.yml asks for and wires them into the turn processor.
 * Adapters a project does not use (LLM providers, MCP, sub-agents) are not even imported, which keeps
 * the offline start fast.
 * @module
 */
import type { Logger } from 'pino';
import { readFile } from 'node:fs/promises';
import path from 'node:path';
import { resolveModelOption } from '../core/model-config.ts';
import { compilePrompt } from '../understanding/prompts/prompt-renderer.ts';
import { createResponseRephraser, DEFAULT_REPHRASE_PROMPT, DEFAULT_REPHRASER_LLM, type ResponseRephraser } from '../runtime/rephrase/response-rephraser.ts';
import type { Assistant, ModelConfig, ModelGroup, RephraserConfig } from '../core/assistant.ts';
import { hasSearchPolicy } from '../core/engine/search-step.ts';
import type { KnowledgeSearch } from '../ports/knowledge-search.ts';
import { createActionRunner } from '../adapters/actions/create-action-runner.ts';
import { routeSdkWarnings } from '../adapters/llm/sdk-warnings.ts';
import { createKeyValueStore, createLockStore, createTrackerStore } from '../adapters/stores/store-factory.ts';
import type { ActionRunner } from '../ports/action-runner.ts';
import type { AgentClient } from '../ports/agent-client.ts';
import type { MessageBus } from '../ports/message-bus.ts';
import type { KeyValueStore } from '../ports/key-value-store.ts';
import type { LockStore } from '../ports/lock-store.ts';
import type { McpToolPool } from '../adapters/mcp/create-tool-client.ts';
import type { TrackerStore } from '../ports/tracker-store.ts';
import { TurnProcessor } from '../runtime/turn-processor.ts';
import type { CommandGenerator } from '../understanding/command-generator.ts';
import { LLM_GENERATOR_VARIANTS } from '../understanding/llm/generator-settings.ts';
import { createPipeline, type PipelineDeps } from '../understanding/pipeline.ts';
import { loadModel, type LoadedModel, type ModelSource } from './load-model.ts';
import { openOperations, type Operations } from './operations.ts';
import type { InspectionLog } from '../adapters/inspection/inspection-log.ts';

export interface ComposeOptions {
  readonly logger: Logger;
  /** `memory`: in-process stores whatever endpoints.yml says (e2e tests). */
  readonly stores?: 'configured' | 'memory';
  /** Wraps the project's action runner (e2e stubs). */
  readonly wrapActions?: (runner: ActionRunner) => ActionRunner;
  /** Records each turn's phases and LLM calls (`colloquy inspect`). */
  readonly inspection?: InspectionLog;
}

export interface ComposedRuntime {
  readonly processor: TurnProcessor;
  readonly current: () => LoadedModel;
  readonly kv: KeyValueStore;
  /** Beside `kv` when an A2A server is configured: its task progress reaches subscribers on other replicas. */
  readonly bus?: MessageBus;
  /** Metrics and the event broker (endpoints.yml `metrics`, `event_broker`). */
  readonly operations: Operations;
  /** Loads a model bundle and swaps it in between turns; conversations are kept. */
  reload(modelFile: string): Promise<LoadedModel>;
  close(): Promise<void>;
}

/** Everything that depends on the model, rebuilt together on reload. */
interface ModelParts {
  readonly model: LoadedModel;
  readonly generator: CommandGenerator;
  readonly actions: ActionRunner;
  readonly tools?: McpToolPool;
  readonly agents?: AgentClient;
  readonly rephraser?: ResponseRephraser;
  readonly search?: KnowledgeSearch;
}

export async function composeRuntime(source: ModelSource, options: ComposeOptions): Promise<ComposedRuntime> {
  const { logger } = options;
  routeSdkWarnings(logger);
  const first = await loadModel(source);
  // In-memory stores mean a test run: nothing is published to the event broker.
  const operations = await openOperations(first.assistant, { logger, broker: options.stores !== 'memory', ...(options.inspection ? { inspection: options.inspection } : {}) });
  const build = async (model: LoadedModel): Promise<ModelParts> => {
    const { assistant } = model;
    const generator = createPipeline(assistant, await pipelineDeps(assistant, model, logger, operations));
    const projectActions = await withIntentless(assistant, await createActionRunner(assistant), logger, operations);
    const mcp = assistant.endpoints.mcpServers.length > 0 ? await import('../adapters/mcp/create-tool-client.ts') : undefined;
    const tools = mcp?.createToolClient(assistant, logger);
    const agentTools = tools && (await import('../adapters/mcp/observed-tool-pool.ts')).observeToolPool(tools, operations.observer);
    const agents = await createAgents(assistant, agentTools, logger);
    const rephraser = assistant.endpoints.rephraser ? await createRephraser(assistant, assistant.endpoints.rephraser, logger, operations) : undefined;
    const search = await createSearch(model, operations);
    return {
      model,
      generator,
      actions: options.wrapActions ? options.wrapActions(projectActions) : projectActions,
      ...(tools ? { tools } : {}),
      ...(agents ? { agents } : {}),
      ...(rephraser ? { rephraser } : {}),
      ...(search ? { search } : {}),
    };
  };

  let parts = await build(first);
  const stores = await openStores(parts.model.assistant, options.stores ?? 'configured');
  const trackers = operations.watchStore(stores.trackers, 'tracker');
  const locks = operations.watchStore(stores.locks, 'lock');
  const kv = operations.watchStore(stores.kv, 'kv');
  const bus = parts.model.assistant.endpoints.a2aServer
    ? await (await import('../adapters/pubsub/create-message-bus.ts')).createMessageBus(options.stores === 'memory' ? undefined : parts.model.assistant.endpoints.lockStore)
    : undefined;
  const actions: ActionRunner = { has: (name) => parts.actions.has(name), run: (call) => parts.actions.run(call) };
  const processor = new TurnProcessor({
    assistant: () => parts.model.assistant,
    generator: () => parts.generator,
    trackers,
    locks,
    actions,
    tools: () => parts.tools,
    agents: () => parts.agents,
    rephraser: () => parts.rephraser,
    search: () => parts.search,
    journal: kv,
    logger,
    observer: operations.observer,
  });
  const closeParts = (p: ModelParts) => Promise.allSettled([p.tools?.close(), p.agents?.close()]);
  return {
    processor,
    current: () => parts.model,
    kv,
    ...(bus ? { bus } : {}),
    operations,
    async reload(modelFile) {
      const previous = parts;
      parts = await build(await loadModel({ ...source, model: modelFile }));
      await closeParts(previous);
      logger.info({ modelId: parts.model.modelId, modelFile }, 'model reloaded');
      return parts.model;
    },
    async close() {
      await closeParts(parts);
      await Promise.allSettled([trackers.close(), locks.close(), kv.close(), bus?.close(), operations.close()]);
    },
  };
}

async function pipelineDeps(assistant: Assistant, model: LoadedModel, logger: Logger, operations: Operations): Promise<PipelineDeps> {
  const usesLlm = assistant.config.pipeline.some((c) => c.name in LLM_GENERATOR_VARIANTS);
  const clients = usesLlm ? (await import('../adapters/llm/index.ts')).createModelClients() : undefined;
  return {
    llmClientFor: (m) => {
      if (!clients) throw new Error('no LLM command generator is configured');
      return operations.observeLlm(clients.llmClientFor(m), m);
    },
    ...(clients ? { embeddingClientFor: (m: Parameters<typeof clients.embeddingClientFor>[0]) => clients.embeddingClientFor(m) } : {}),
    ...(model.offlineModel ? { offlineModel: model.offlineModel } : {}),
    warn: (message) => logger.warn(message),
    onError: (event, error) => logger.warn({ event, reason: (error as Error).message }, 'understanding fell back'),
  };
}

async function createRephraser(assistant: Assistant, config: RephraserConfig, logger: Logger, operations: Operations): Promise<ResponseRephraser> {
  const model = resolveModelOption(config.llm, DEFAULT_REPHRASER_LLM, assistant.endpoints.modelGroups);
  const { llmClientOf } = await import('../adapters/llm/index.ts');
  const template = config.prompt === undefined ? DEFAULT_REPHRASE_PROMPT : await readPrompt(path.resolve(assistant.root, config.prompt));
  return createResponseRephraser({ config, llm: operations.observeLlm(llmClientOf(model), model), template, logger: logger.child({ component: 'rephraser' }) });
}

/** With IntentlessPolicy in config.yml, chitchat's trigger action is answered by it. */
async function withIntentless(assistant: Assistant, actions: ActionRunner, logger: Logger, operations: Operations): Promise<ActionRunner> {
  const policy = assistant.config.policies.find((p) => p.name === 'IntentlessPolicy');
  if (!policy) return actions;
  const { llmClientOf, embeddingClientOf } = await import('../adapters/llm/index.ts');
  const intentless = await import('../runtime/intentless/intentless-responder.ts');
  const llm = resolveModelOption(policy.options.llm, intentless.DEFAULT_INTENTLESS_LLM, assistant.endpoints.modelGroups);
  const embeddings = resolveModelOption(policy.options.embeddings, intentless.DEFAULT_INTENTLESS_EMBEDDINGS, assistant.endpoints.modelGroups);
  const promptFile = policy.options.prompt_template ?? policy.options.prompt;
  const template = typeof promptFile === 'string' ? await readPrompt(path.resolve(assistant.root, promptFile), 'IntentlessPolicy prompt_template') : intentless.DEFAULT_INTENTLESS_PROMPT;
  return intentless.withIntentlessPolicy(actions, assistant, {
    logger: logger.child({ component: 'intentless-policy' }),
    llm: operations.observeLlm(llmClientOf(llm), llm),
    embeddings: embeddingClientOf(embeddings),
    template,
  });
}

async function readPrompt(file: string, what = 'endpoints.yml nlg.prompt'): Promise<string> {
  try {
    const source = await readFile(file, 'utf8');
    compilePrompt(source);
    return source;
  } catch (error) {
    throw new Error(`${what}: cannot use ${file}: ${(error as Error).message}`, { cause: error });
  }
}

/**
 * The knowledge base behind `pattern_search`, when the project has an EnterpriseSearchPolicy. LLM
 * clients only when it generates answers or embeds: the extractive, lexical search needs no key.
 */
async function createSearch(model: LoadedModel, operations: Operations): Promise<KnowledgeSearch | undefined> {
  const { assistant } = model;
  if (!hasSearchPolicy(assistant)) return undefined;
  const search = await import('../adapters/search/index.ts');
  const clients = search.needsModelClients(assistant) ? (await import('../adapters/llm/index.ts')).createModelClients() : undefined;
  const observed = clients && { llmClientFor: (m: ModelConfig | ModelGroup) => operations.observeLlm(clients.llmClientFor(m), m), embeddingClientFor: clients.embeddingClientFor };
  return search.createKnowledgeSearch(assistant, observed, model.knowledge);
}

async function createAgents(assistant: Assistant, tools: McpToolPool | undefined, logger: Logger): Promise<AgentClient | undefined> {
  const agents = Object.values(assistant.subAgents);
  if (agents.length === 0) return undefined;
  const { createAgentClient } = await import('../adapters/agents/create-agent-client.ts');
  const react = agents.some((a) => a.protocol === 'RASA')
    ? (await import('../adapters/agents/react/react-agent-client.ts')).createReactAgentClient(assistant, { ...(tools ? { tools } : {}), logger })
    : undefined;
  let a2a;
  if (agents.some((a) => a.protocol === 'A2A')) {
    a2a = (await import('../adapters/agents/a2a/index.ts')).createA2aAgentClient(assistant, { logger });
    // Reports unreachable agents in the log; the server still starts (Rasa behaves the same).
    void a2a.checkAgents().then((report) => {
      for (const agent of report.agents) {
        if (agent.ok) logger.info({ agent: agent.agentId, transport: agent.transport, url: agent.url }, 'A2A sub-agent reachable');
        else logger.warn({ agent: agent.agentId, reason: agent.error }, 'A2A sub-agent is not reachable');
      }
    });
  }
  return createAgentClient(assistant, { ...(react ? { react } : {}), ...(a2a ? { a2a } : {}) });
}

async function openStores(assistant: Assistant, mode: 'configured' | 'memory'): Promise<{ trackers: TrackerStore; locks: LockStore; kv: KeyValueStore }> {
  const memory = { type: 'memory', options: {} };
  const endpoints = assistant.endpoints;
  const trackerStore = mode === 'memory' ? memory : endpoints.trackerStore;
  const trackers = await createTrackerStore(trackerStore, { projectRoot: assistant.root });
  const beside = { trackerStore, projectRoot: assistant.root };
  const locks = await createLockStore(mode === 'memory' ? undefined : endpoints.lockStore, beside);
  // A2A records share the lock store's backend, so replicas that share locks also share tasks;
  // without a lock_store they live in the SQLite file of a SQLite tracker store (they survive a restart).
  const kv = await createKeyValueStore(mode === 'memory' ? undefined : endpoints.lockStore, 'lock_store', beside);
  return { trackers, locks, kv };
}
