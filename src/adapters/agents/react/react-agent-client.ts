/**
 * The `AgentClient` for ReAct sub-agents (`protocol: RASA`): prepares each agent once (model,
 * prompt template, customisation module) and runs one loop per turn.
 * @module
 */
import type { LanguageModel } from 'ai';
import type { Logger } from 'pino';
import type { AgentInput, AgentOutput, AgentSlot } from '../../../core/agent-io.ts';
import type { Assistant, ModelConfig, SubAgentConfig } from '../../../core/assistant.ts';
import { referencedSlots } from '../../../core/predicates/index.ts';
import type { AgentClient, AgentTurnOptions } from '../../../ports/agent-client.ts';
import type { McpToolPool } from '../../mcp/create-tool-client.ts';
import { PreparedAgents } from '../prepared-agents.ts';
import { agentModel } from './agent-model.ts';
import { buildAgentTools } from './agent-tools.ts';
import { loadCustomization, type ReactAgentCustomization } from './customization.ts';
import { runReactTurn } from './react-loop.ts';
import { loadPromptTemplate } from './system-prompt.ts';

export interface ReactAgentOptions {
  /** The MCP pool (`createToolClient`); agents without MCP connections work without it. */
  readonly tools?: McpToolPool;
  readonly logger: Logger;
  /** First LLM retry back-off, ms (default 1000). Tests shorten it. */
  readonly retryBaseDelayMs?: number;
  /** Epoch ms, for `current_datetime` (default `Date.now`). */
  readonly now?: () => number;
}

interface PreparedAgent {
  readonly config: SubAgentConfig;
  readonly modelConfig: ModelConfig;
  readonly model: LanguageModel;
  readonly template: string;
  readonly customization?: ReactAgentCustomization;
}

const DEFAULT_MAX_ITERATIONS = 10;
const DEFAULT_TIMEOUT_SECONDS = 30;
const DEFAULT_MAX_RETRIES = 3;

export function createReactAgentClient(assistant: Assistant, options: ReactAgentOptions): AgentClient {
  const log = options.logger.child({ component: 'react-agent' });

  function agentConfig(agentId: string): SubAgentConfig | undefined {
    const agent = assistant.subAgents[agentId];
    return agent?.protocol === 'RASA' ? agent : undefined;
  }

  async function prepare(config: SubAgentConfig): Promise<PreparedAgent> {
    const { config: modelConfig, model } = agentModel(assistant, config.name, config.configuration.llm);
    const c = config.configuration;
    return {
      config,
      modelConfig,
      model,
      template: loadPromptTemplate(assistant.root, c.promptTemplate),
      ...(c.module ? { customization: await loadCustomization(assistant.root, c.module, config.name) } : {}),
    };
  }

  // A broken configuration is reported on every turn, and fixed files are picked up.
  const prepared = new PreparedAgents(prepare);

  async function runAgent(agent: PreparedAgent, rawInput: AgentInput, turn: AgentTurnOptions): Promise<AgentOutput> {
    const c = agent.config.configuration;
    const input = agent.customization ? await agent.customization.processInput(rawInput) : rawInput;
    const exitSlots = exitSlotsOf(turn.exitIf, input.slots);
    const conversationSlots = Object.fromEntries(input.slots.map((s) => [s.name, s.value]));
    const output = await runReactTurn({
      agentId: agent.config.name,
      description: agent.config.description,
      model: agent.model,
      modelConfig: agent.modelConfig,
      template: agent.template,
      input,
      exitIf: turn.exitIf,
      frameMetadata: turn.frameMetadata,
      buildTools: (onSlotSet) =>
        buildAgentTools({
          agent: agent.config,
          pool: options.tools,
          custom: agent.customization?.customTools() ?? [],
          customContext: { agentId: agent.config.name, input, metadata: turn.frameMetadata },
          exitSlots,
          onSlotSet,
          ...(c.toolTimeout ? { toolTimeoutMs: c.toolTimeout * 1000 } : {}),
          conversationSlots,
        }),
      exitSlotNames: exitSlots.map((s) => s.name),
      maxIterations: c.maxIterations ?? DEFAULT_MAX_ITERATIONS,
      retry: {
        timeoutMs: (c.timeout ?? agent.modelConfig.timeout ?? DEFAULT_TIMEOUT_SECONDS) * 1000,
        maxRetries: c.maxRetries ?? agent.modelConfig.maxRetries ?? DEFAULT_MAX_RETRIES,
        baseDelayMs: options.retryBaseDelayMs ?? 1000,
      },
      includeDateTime: c.includeDateTime,
      timezone: c.timezone,
      enableFillerMessages: c.enableFillerMessages,
      now: options.now ?? Date.now,
      logger: log,
      ...(turn.onInterim ? { onInterim: turn.onInterim } : {}),
      ...(turn.signal ? { signal: turn.signal } : {}),
    });
    return agent.customization ? await agent.customization.processOutput(output) : output;
  }

  return {
    has: (agentId) => agentConfig(agentId) !== undefined,

    async run(agentId, input, turn) {
      const config = agentConfig(agentId);
      if (!config) return { id: input.id, status: 'fatal_error', error_message: `'${agentId}' is not a ReAct sub-agent of this assistant` };
      const started = performance.now();
      try {
        const output = await runAgent(await prepared.get(config), input, turn);
        log.info({ agent: agentId, status: output.status, ms: Math.round(performance.now() - started) }, 'sub-agent turn');
        return output;
      } catch (error) {
        log.warn({ agent: agentId, reason: (error as Error).message }, 'sub-agent failed');
        return { id: input.id, status: 'fatal_error', error_message: (error as Error).message };
      }
    },

    async close() {
      prepared.clear();
    },
  };
}

/** The `slots.<name>` of `exit_if`, typed from the input (the engine adds unset exit slots as null). */
function exitSlotsOf(exitIf: readonly string[], slots: readonly AgentSlot[]): AgentSlot[] {
  const names = [...new Set(exitIf.flatMap((p) => referencedSlots(p)))];
  return names.map((name) => slots.find((s) => s.name === name) ?? { name, value: null, type: 'any' });
}
