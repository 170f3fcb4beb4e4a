/**
 * The `AgentClient` for external sub-agents (`protocol: A2A`): connects to each agent once (card,
 * transport, credentials), runs one A2A exchange per turn, keeps the remote context/task ids in
 * the agent frame, and cancels a conversation's remote tasks on request.
 * @module
 */
import type { Task } from '@a2a-js/sdk';
import type { AgentInput, AgentOutput } from '../../../core/agent-io.ts';
import type { Assistant, SubAgentConfig } from '../../../core/assistant.ts';
import type { AgentClient, AgentTurnOptions } from '../../../ports/agent-client.ts';
import { PreparedAgents } from '../prepared-agents.ts';
import { connectAgent, type A2aConnection } from './a2a-connection.ts';
import { A2aAgentCustomization, loadA2aCustomization } from './a2a-customization.ts';
import { describeError } from './a2a-errors.ts';
import { buildUserMessage, remoteIds } from './a2a-message-codec.ts';
import type { RetryPolicy } from './backoff.ts';
import { followReply } from './follow-task.ts';
import { checkAgent, type AgentHealth, type AgentHealthReport, type HealthCheckMode } from './health-check.ts';
import { RemoteTaskRegistry, type RemoteWork } from './remote-task-registry.ts';
import { replyToOutput } from './reply-to-output.ts';

/** The subset of a pino logger the client uses. */
export interface A2aLogger {
  info(obj: object, msg: string): void;
  warn(obj: object, msg: string): void;
}

export interface A2aLimits {
  /** Deadline for loading a card from a URL (ms, default 10 000). */
  readonly cardTimeoutMs: number;
  /** Largest agent card (bytes, default 1 MiB). */
  readonly maxCardBytes: number;
  /** Largest plain response (bytes, default 4 MiB). */
  readonly maxResponseBytes: number;
  /** Largest event stream of one turn (bytes, default 32 MiB). */
  readonly maxStreamBytes: number;
}

export interface A2aClientDeps {
  readonly logger?: A2aLogger;
  /** Default: the global `fetch`. */
  readonly fetch?: typeof fetch;
  readonly limits?: Partial<A2aLimits>;
  /** First retry back-off (ms, default 1000; doubled per retry, capped at 5 s). Tests shorten it. */
  readonly retryBaseDelayMs?: number;
  /**
   * `message` (default, as Rasa) sends a "hello" message at startup; `card` only loads the card
   * and builds the client. `failOnError` makes `checkAgents()` reject when an agent is unhealthy.
   */
  readonly healthCheck?: { readonly mode?: HealthCheckMode; readonly failOnError?: boolean };
  /** Message ids (default `crypto.randomUUID`). */
  readonly newId?: () => string;
}

export interface A2aAgentClient extends AgentClient {
  /** Connects to every A2A sub-agent and reports; rejects only with `healthCheck.failOnError`. */
  checkAgents(): Promise<AgentHealthReport>;
}

/** Thrown by `checkAgents()` with `healthCheck.failOnError` when an agent is unhealthy. */
export class A2aHealthCheckError extends Error {
  override readonly name = 'A2aHealthCheckError';
  constructor(readonly report: AgentHealthReport) {
    super(`A2A sub-agents are not healthy: ${report.agents.filter((a) => !a.ok).map((a) => `${a.agentId} (${a.error ?? 'unknown error'})`).join('; ')}`);
  }
}

const DEFAULT_LIMITS: A2aLimits = { cardTimeoutMs: 10_000, maxCardBytes: 1 << 20, maxResponseBytes: 4 << 20, maxStreamBytes: 32 << 20 };
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_RETRIES = 3;
const CANCEL_TIMEOUT_MS = 5_000;

const silent: A2aLogger = { info: () => undefined, warn: () => undefined };

interface PreparedAgent {
  readonly connection: A2aConnection;
  readonly customization: A2aAgentCustomization;
}

export function createA2aAgentClient(assistant: Assistant, deps: A2aClientDeps = {}): A2aAgentClient {
  const log = deps.logger ?? silent;
  const limits: A2aLimits = { ...DEFAULT_LIMITS, ...deps.limits };
  const fetchImpl = deps.fetch ?? fetch;
  const newId = deps.newId ?? (() => crypto.randomUUID());
  const slotNames = new Set(Object.keys(assistant.domain.slots));
  const registry = new RemoteTaskRegistry();

  const configOf = (agentId: string): SubAgentConfig | undefined => {
    const agent = assistant.subAgents[agentId];
    return agent?.protocol === 'A2A' ? agent : undefined;
  };
  const retryOf = (config: SubAgentConfig): RetryPolicy => ({ maxRetries: config.configuration.maxRetries ?? DEFAULT_MAX_RETRIES, baseDelayMs: deps.retryBaseDelayMs ?? 1000 });

  async function prepare(config: SubAgentConfig): Promise<PreparedAgent> {
    const c = config.configuration;
    if (!c.agentCard) throw new Error(`sub-agent '${config.name}' has no configuration.agent_card`);
    const [connection, customization] = await Promise.all([
      connectAgent({
        agentCard: c.agentCard,
        projectRoot: assistant.root,
        ...(c.auth ? { auth: c.auth } : {}),
        fetch: fetchImpl,
        card: { timeoutMs: limits.cardTimeoutMs, maxBytes: limits.maxCardBytes },
        requests: { timeoutMs: (c.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000, maxResponseBytes: limits.maxResponseBytes, maxStreamBytes: limits.maxStreamBytes },
      }),
      c.module ? loadA2aCustomization(assistant.root, c.module, config.name, slotNames) : new A2aAgentCustomization(config.name, slotNames),
    ]);
    log.info({ agent: config.name, card: connection.card.source, transport: connection.transport, protocolVersion: connection.protocolVersion, streaming: connection.streaming }, 'A2A sub-agent connected');
    return { connection, customization };
  }

  // An agent that was down at startup is tried again on the next turn.
  const prepared = new PreparedAgents(prepare);

  function cancelRemote(work: RemoteWork): void {
    const taskId = work.taskId;
    if (!taskId) return;
    work.connection.client.cancelTask({ tenant: '', id: taskId, metadata: undefined }, { signal: AbortSignal.timeout(CANCEL_TIMEOUT_MS) }).then(
      () => log.info({ agent: work.agentId, taskId }, 'A2A task cancelled'),
      (error: unknown) => log.warn({ agent: work.agentId, taskId, reason: describeError(error) }, 'A2A task could not be cancelled'),
    );
  }

  async function exchange(config: SubAgentConfig, agent: PreparedAgent, input: AgentInput, options: AgentTurnOptions): Promise<AgentOutput> {
    const agentId = config.name;
    const c = config.configuration;
    const processed = await agent.customization.processInput(input);
    const senderId = options.senderId ?? (typeof input.metadata.sender_id === 'string' ? input.metadata.sender_id : '');
    const ids = remoteIds({ ...options.frameMetadata, ...processed.metadata });
    const work = registry.open(senderId, agentId, agent.connection);
    const abort = new AbortController();
    work.abort = abort;
    const deadline = AbortSignal.timeout(c.maxPollingTime * 1000);
    const signal = AbortSignal.any([abort.signal, deadline, ...(options.signal ? [options.signal] : [])]);
    const started = performance.now();
    try {
      const reply = await followReply(agent.connection, buildUserMessage(processed, ids, newId()), {
        retry: retryOf(config),
        pollingInitialDelayMs: c.pollingInitialDelay * 1000,
        signal,
        onTask: (taskId) => (work.taskId = taskId),
        onProgress: (text: string, task: Task) => options.onInterim?.({ text, metadata: { agent_id: agentId, task_id: task.id, message_type: 'intermediate' } }),
      });
      const output = replyToOutput(agentId, processed, reply);
      if (output.status === 'input_required' && typeof output.metadata?.task_id === 'string') work.taskId = output.metadata.task_id;
      else registry.close(senderId, agentId);
      log.info({ agent: agentId, senderId, status: output.status, ms: Math.round(performance.now() - started) }, 'A2A turn');
      return await agent.customization.processOutput(output);
    } catch (error) {
      registry.close(senderId, agentId);
      if (abort.signal.aborted) return fatal(input, `agent '${agentId}': the conversation's background tasks were cancelled`);
      cancelRemote(work);
      if (deadline.aborted) return fatal(input, `agent '${agentId}' did not finish within max_polling_time (${c.maxPollingTime} s)`);
      if (options.signal?.aborted) return fatal(input, `agent '${agentId}': the turn was aborted`);
      throw error;
    } finally {
      work.abort = undefined;
    }
  }

  function fatal(input: AgentInput, message: string): AgentOutput {
    log.warn({ agent: input.id, reason: message }, 'A2A sub-agent failed');
    return { id: input.id, status: 'fatal_error', error_message: message };
  }

  return {
    has: (agentId) => configOf(agentId) !== undefined,

    async run(agentId, input, options) {
      const config = configOf(agentId);
      if (!config) return fatal(input, `'${agentId}' is not an A2A sub-agent of this assistant`);
      try {
        return await exchange(config, await prepared.get(config), input, options);
      } catch (error) {
        return fatal(input, `agent '${agentId}': ${describeError(error)}`);
      }
    },

    async cancelBackgroundTasks(senderId) {
      for (const work of registry.take(senderId)) {
        work.abort?.abort(new Error('background tasks cancelled'));
        cancelRemote(work);
      }
    },

    async checkAgents() {
      const configs = Object.values(assistant.subAgents).filter((a) => a.protocol === 'A2A');
      const agents: AgentHealth[] = await Promise.all(
        configs.map((config) => checkAgent(config.name, () => prepared.get(config).then((p) => p.connection), deps.healthCheck?.mode ?? 'message', newId)),
      );
      for (const a of agents) {
        if (a.ok) log.info({ ...a }, 'A2A sub-agent is healthy');
        else log.warn({ ...a }, `A2A sub-agent '${a.agentId}' is not healthy: ${a.error ?? ''}`);
      }
      const report: AgentHealthReport = { ok: agents.every((a) => a.ok), agents };
      if (!report.ok && deps.healthCheck?.failOnError) throw new A2aHealthCheckError(report);
      return report;
    },

    async close() {
      for (const work of registry.take()) work.abort?.abort(new Error('client closed'));
    },
  };
}
