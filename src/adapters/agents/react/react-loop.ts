/**
 * One turn of a ReAct sub-agent (Rasa `mcp_open_agent`/`mcp_task_agent`): call the LLM, run the
 * tools it asks for, repeat — until it asks the user something (`input_required`), signals
 * completion (`task_completed`, or every `exit_if` predicate holds), fails, or runs out of iterations.
 * @module
 */
import { generateText, jsonSchema, tool, type LanguageModel, type ModelMessage, type ToolSet } from 'ai';
import type { Logger } from 'pino';
import type { AgentInput, AgentOutput } from '../../../core/agent-io.ts';
import type { ModelConfig } from '../../../core/assistant.ts';
import type { BotMessage } from '../../../core/events.ts';
import { evaluatePredicate } from '../../../core/predicates/index.ts';
import { boundMemory, MEMORY_KEY, readMemory, resumedSince, transcriptMessages } from './agent-memory.ts';
import type { AgentTool } from './agent-tools.ts';
import { withLlmRetries, type LlmRetryPolicy } from './llm-retry.ts';
import { formatDateTime, renderSystemPrompt } from './system-prompt.ts';

export interface ReactTurn {
  readonly agentId: string;
  readonly description: string;
  readonly model: LanguageModel;
  readonly modelConfig: ModelConfig;
  readonly template: string;
  readonly input: AgentInput;
  readonly exitIf: readonly string[];
  readonly frameMetadata: Readonly<Record<string, unknown>>;
  /** Builds the tool set; `set_slot_` tools report values through `onSlotSet`. */
  readonly buildTools: (onSlotSet: (name: string, value: unknown) => void) => Promise<ReadonlyMap<string, AgentTool>>;
  readonly exitSlotNames: readonly string[];
  readonly maxIterations: number;
  readonly retry: LlmRetryPolicy;
  readonly includeDateTime: boolean;
  readonly timezone: string;
  readonly enableFillerMessages: boolean;
  readonly now: () => number;
  readonly logger: Logger;
  readonly onInterim?: (message: BotMessage) => void;
  readonly signal?: AbortSignal;
}

/** Said when the iteration budget runs out (Rasa completes the agent with a generic text). */
export const BUDGET_EXHAUSTED_TEXT = "I wasn't able to finish that just now. Let me know if there is anything else I can help with.";
const CLOSING_NUDGE = 'You called task_completed without a closing message. Write your closing message to the user now, in one or two sentences.';
const MALFORMED_CALL = 'Your last tool call had arguments that are not valid JSON for the tool. Call the tool again with valid arguments.';

type Step = Awaited<ReturnType<typeof generateText<ToolSet>>>;

export async function runReactTurn(turn: ReactTurn): Promise<AgentOutput> {
  const { input } = turn;
  const memory = readMemory(turn.frameMetadata);
  const restarted = input.metadata.restarted === true;
  const resumed = !restarted && (input.metadata.resumed_after_interruption === true || resumedSince(input.conversation_history, memory));
  const lastRequest = typeof turn.frameMetadata.agent_response === 'string' ? turn.frameMetadata.agent_response : undefined;
  const system = renderSystemPrompt(turn.template, {
    description: turn.description,
    slots: input.slots,
    slot_names: turn.exitSlotNames,
    ...(turn.includeDateTime ? { current_datetime: formatDateTime(turn.now(), turn.timezone) } : {}),
    enable_filler_messages: turn.enableFillerMessages,
    resumed_after_interruption: resumed,
    ...(resumed && lastRequest ? { resumed_last_request: lastRequest } : {}),
    restarted,
  });

  const slots: Record<string, unknown> = Object.fromEntries(input.slots.map((s) => [s.name, s.value]));
  const setSlots: Record<string, unknown> = {};
  const tools = await turn.buildTools((name, value) => {
    slots[name] = value;
    setSlots[name] = value;
  });
  const sdkTools: ToolSet = Object.fromEntries([...tools.values()].map((t) => [t.name, tool({ description: t.description, inputSchema: jsonSchema(t.parameters as Parameters<typeof jsonSchema>[0]) })]));
  const prior = memory && !restarted ? memory.messages : transcriptMessages(input.conversation_history, input.user_message);
  const messages: ModelMessage[] = [...prior, { role: 'user', content: input.user_message }];
  const structured: { name: string; result: unknown }[][] = [];
  const output = (fields: Omit<AgentOutput, 'id'>): AgentOutput => ({ id: input.id, ...(structured.length > 0 ? { structured_results: structured } : {}), ...fields });
  const fatal = (error_message: string): AgentOutput => {
    turn.logger.warn({ agent: turn.agentId, reason: error_message }, 'sub-agent failed');
    return output({ status: 'fatal_error', error_message });
  };

  const llm = (withTools: boolean) =>
    withLlmRetries(
      (abortSignal) =>
        generateText({
          model: turn.model,
          system,
          messages,
          // Nudges and corrections are our own system messages, never user text.
          allowSystemInMessages: true,
          ...(withTools ? { tools: sdkTools } : {}),
          temperature: turn.modelConfig.temperature,
          maxOutputTokens: turn.modelConfig.maxTokens,
          // Retries are ours (back-off 1, 2, 4… s capped at 5 s).
          maxRetries: 0,
          abortSignal,
        }),
      turn.retry,
      turn.signal,
    );

  for (let iteration = 0; iteration < turn.maxIterations; iteration++) {
    let step: Step;
    try {
      step = await llm(true);
    } catch (error) {
      return fatal((error as Error).message);
    }
    const text = step.text.trim();
    const calls = step.toolCalls;
    turn.logger.debug({ agent: turn.agentId, iteration, tools: calls.map((c) => c.toolName), hasText: text !== '' }, 'sub-agent step');
    if (calls.length === 0) {
      if (text === '') return fatal('the LLM returned neither text nor tool calls');
      messages.push({ role: 'assistant', content: text });
      return output({ status: 'input_required', response_message: text, metadata: { [MEMORY_KEY]: boundMemory(messages, input.user_message) } });
    }
    const unknown = calls.find((c) => !tools.has(c.toolName));
    if (unknown) return fatal(`the LLM called tool '${unknown.toolName}', which agent '${turn.agentId}' does not have`);
    messages.push({ role: 'assistant', content: [...(text ? [{ type: 'text' as const, text }] : []), ...calls.map((c) => ({ type: 'tool-call' as const, toolCallId: c.toolCallId, toolName: c.toolName, input: c.input }))] });
    if (calls.some((c) => c.invalid)) {
      messages.push(...calls.map((c) => toolResultMessage(c.toolCallId, c.toolName, c.invalid ? 'invalid arguments' : 'not run')));
      messages.push({ role: 'system', content: MALFORMED_CALL });
      continue;
    }
    const completing = calls.some((c) => tools.get(c.toolName)!.kind === 'task_completed');
    if (text && !completing && turn.enableFillerMessages) turn.onInterim?.({ text });

    const results: { name: string; result: unknown }[] = [];
    for (const call of calls) {
      const agentTool = tools.get(call.toolName)!;
      try {
        const { raw, text: resultText } = await agentTool.run((call.input ?? {}) as Record<string, unknown>);
        if (agentTool.kind !== 'task_completed') results.push({ name: call.toolName, result: raw });
        messages.push(toolResultMessage(call.toolCallId, call.toolName, resultText));
      } catch (error) {
        return fatal(`tool '${call.toolName}' failed: ${(error as Error).message}`);
      }
    }
    if (results.length > 0) structured.push(results);

    if (completing) {
      if (text) return output({ status: 'completed', response_message: text });
      messages.push({ role: 'system', content: CLOSING_NUDGE });
      try {
        const closing = (await llm(false)).text.trim();
        return output({ status: 'completed', ...(closing ? { response_message: closing } : {}) });
      } catch (error) {
        return fatal((error as Error).message);
      }
    }
    if (turn.exitIf.length > 0 && turn.exitIf.every((p) => evaluatePredicate(p, { slots }))) {
      return output({ status: 'completed', slots: setSlots });
    }
  }
  turn.logger.warn({ agent: turn.agentId, maxIterations: turn.maxIterations }, 'sub-agent ran out of iterations');
  return output({ status: 'completed', response_message: BUDGET_EXHAUSTED_TEXT, ...(Object.keys(setSlots).length > 0 ? { slots: setSlots } : {}) });
}

function toolResultMessage(toolCallId: string, toolName: string, value: string): ModelMessage {
  return { role: 'tool', content: [{ type: 'tool-result', toolCallId, toolName, output: { type: 'text', value } }] };
}
