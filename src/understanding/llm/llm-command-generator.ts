/**
 * The LLM command generators of config.yml: `CompactLLMCommandGenerator` (DSL v2) and
 * `SearchReadyLLMCommandGenerator` (DSL v3; agent-aware when the project has sub-agents).
 * One LLM call per message: pick the flows to offer, render the prompt, parse the answer.
 * @module
 */
import { readFileSync } from 'node:fs';
import { isAbsolute, resolve } from 'node:path';
import type { Assistant, ModelConfig, ModelGroup, PipelineComponent } from '../../core/assistant.ts';
import { ERROR_TYPES, type Command } from '../../core/commands.ts';
import type { Flow } from '../../core/flows.ts';
import type { EmbeddingClient, LlmClient } from '../../ports/llm-client.ts';
import type { CommandGenerator, UnderstandingInput, UnderstandingResult } from '../command-generator.ts';
import { parseCommands, type DslVersion } from '../dsl/command-parser.ts';
import { compilePrompt, defaultPromptTemplate, renderPrompt } from '../prompts/prompt-renderer.ts';
import { FlowRetrieval } from './flow-retrieval.ts';
import { GeneratorConfigError, readGeneratorSettings, type GeneratorSettings } from './generator-settings.ts';
import { promptVariables } from './prompt-variables.ts';
import { startableFlows, userFlows } from './startable-flows.ts';
import { checkUserInput } from '../user-input.ts';

export interface LlmGeneratorDeps {
  /** The client for a model or model group (adapters/llm `createLlmClient`, first model of a group). */
  llmClientFor(model: ModelConfig | ModelGroup): LlmClient;
  /** Without it, flow retrieval is off and every startable flow is offered. */
  embeddingClientFor?(model: ModelConfig | ModelGroup): EmbeddingClient;
  /** Reads a custom prompt template (absolute path). Default: the file system. */
  readFile?(path: string): string;
  /** Current time for `current_datetime`. Default: the system clock. */
  now?(): Date;
  /** Told about failures that were turned into commands or fallbacks (for logs). */
  onError?(event: 'llm_call_failed' | 'flow_retrieval_failed', error: unknown): void;
}

/**
 * Builds the generator for a pipeline entry. Throws `GeneratorConfigError` for an unknown
 * model group or an unreadable / invalid prompt template, so problems surface at startup.
 */
export function createLlmCommandGenerator(component: PipelineComponent, assistant: Assistant, deps: LlmGeneratorDeps): CommandGenerator {
  const settings = readGeneratorSettings(component, assistant);
  const template = loadTemplate(component.name, settings, assistant, deps);
  const retrieval =
    settings.flowRetrieval.active && deps.embeddingClientFor
      ? new FlowRetrieval(deps.embeddingClientFor(settings.flowRetrieval.embeddings), settings.flowRetrieval)
      : undefined;
  return new LlmCommandGenerator(settings, template, deps.llmClientFor(settings.llm), retrieval, deps);
}

function loadTemplate(componentName: string, settings: GeneratorSettings, assistant: Assistant, deps: LlmGeneratorDeps): string {
  if (settings.promptTemplate === undefined) return defaultPromptTemplate(settings.variant === 'compact' ? 'compact-v2' : 'search-ready-v3');
  const path = isAbsolute(settings.promptTemplate) ? settings.promptTemplate : resolve(assistant.root, settings.promptTemplate);
  let source: string;
  try {
    source = (deps.readFile ?? ((p: string) => readFileSync(p, 'utf8')))(path);
  } catch (error) {
    throw new GeneratorConfigError(componentName, 'prompt_template', `cannot read ${path}: ${(error as Error).message}`);
  }
  try {
    // Compiled, not rendered: a template may call methods of variables only a real turn provides.
    compilePrompt(source);
  } catch (error) {
    throw new GeneratorConfigError(componentName, 'prompt_template', `invalid template ${path}: ${(error as Error).message}`);
  }
  return source;
}

const errorCommand = (error_type: string, info?: Record<string, unknown>): Command => ({ command: 'error', error_type, ...(info ? { info } : {}) });

export class LlmCommandGenerator implements CommandGenerator {
  private readonly version: DslVersion;

  constructor(
    private readonly settings: GeneratorSettings,
    private readonly template: string,
    private readonly llm: LlmClient,
    private readonly retrieval: FlowRetrieval | undefined,
    private readonly deps: LlmGeneratorDeps,
  ) {
    this.version = settings.variant === 'compact' ? 'v2' : 'v3';
  }

  async predict(input: UnderstandingInput): Promise<UnderstandingResult> {
    const text = input.text ?? '';
    const invalid = checkUserInput(text, this.settings.maxCharacters);
    if (invalid) return { commands: [invalid] };
    let flowsInPrompt: string[] = [];
    try {
      const { flows, fromSemanticSearch } = await this.availableFlows(input);
      flowsInPrompt = flows.map((flow) => flow.id);
      const prompt = renderPrompt(
        this.template,
        promptVariables({
          assistant: input.assistant,
          state: input.state,
          userMessage: text,
          flows,
          agentAware: Object.keys(input.assistant.subAgents).length > 0,
          ...(this.settings.dateTime ? { dateTime: { now: this.deps.now?.() ?? new Date(), timezone: this.settings.dateTime.timezone } } : {}),
        }),
      );
      const completion = await this.llm.complete([{ role: 'user', content: prompt }], { signal: input.signal });
      return {
        commands: parseCommands(completion.text, { assistant: input.assistant, version: this.version }),
        parseData: {
          flows_in_prompt: flowsInPrompt,
          ...(fromSemanticSearch ? { flows_from_semantic_search: fromSemanticSearch } : {}),
          llm: {
            model: completion.model,
            latency_ms: completion.latencyMs,
            input_tokens: completion.usage?.inputTokens ?? null,
            output_tokens: completion.usage?.outputTokens ?? null,
          },
        },
      };
    } catch (error) {
      this.deps.onError?.('llm_call_failed', error);
      const message = error instanceof Error ? error.message : String(error);
      return { commands: [errorCommand(ERROR_TYPES.default)], parseData: { flows_in_prompt: flowsInPrompt, llm_error: message } };
    }
  }

  /** Startable flows (guards hold), narrowed by retrieval when there are more than `num_flows`. */
  private async availableFlows(input: UnderstandingInput): Promise<{ flows: readonly Flow[]; fromSemanticSearch?: readonly string[] }> {
    const startable = startableFlows(userFlows(input.assistant), input.assistant, input.state);
    if (!this.retrieval || startable.length <= this.settings.flowRetrieval.numFlows) return { flows: startable };
    try {
      const keep = previouslyStartedFlows(input);
      const result = await this.retrieval.select(input.assistant, startable, this.retrievalQuery(input), keep);
      return { flows: result.flows, fromSemanticSearch: result.fromSemanticSearch };
    } catch (error) {
      // Without embeddings the prompt is only longer, not wrong: offer every startable flow.
      this.deps.onError?.('flow_retrieval_failed', error);
      return { flows: startable };
    }
  }

  /** The latest message, preceded by the last `turns_to_embed - 1` user/bot messages. */
  private retrievalQuery(input: UnderstandingInput): string {
    const earlierCount = this.settings.flowRetrieval.turnsToEmbed - 1;
    if (earlierCount === 0) return input.text;
    const messages = input.state.events.flatMap((e) => ((e.event === 'user' || e.event === 'bot') && e.text ? [e.text] : []));
    return [...messages.slice(-earlierCount), input.text].join('\n');
  }
}

/** Flows started earlier in the conversation or still on the stack stay in the prompt. */
function previouslyStartedFlows({ state }: UnderstandingInput): Set<string> {
  const ids = new Set<string>();
  for (const event of state.events) if (event.event === 'flow_started') ids.add(event.flow_id);
  for (const frame of state.stack) if (frame.type === 'flow') ids.add(frame.flow_id);
  return ids;
}
