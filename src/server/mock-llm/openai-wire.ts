/**
 * Answer wire formats: OpenAI chat completions (whole and streamed chunks), Anthropic messages, errors.
 * @module
 */
import type { MockResponse } from './fixtures.ts';

interface WireToolCall {
  readonly id: string;
  readonly type: 'function';
  readonly function: { readonly name: string; readonly arguments: string };
}

export interface AnswerContext {
  readonly id: string;
  readonly model: string;
  /** Seconds since the epoch. */
  readonly created: number;
  readonly promptTokens: number;
}

/** A rough token count (words and punctuation marks), stable across runs. */
export function countTokens(text: string): number {
  return (text.match(/[\p{L}\p{N}]+|[^\s\p{L}\p{N}]/gu) ?? []).length;
}

function wireToolCalls(response: MockResponse, id: string): WireToolCall[] | undefined {
  return response.tool_calls?.map((call, i) => ({
    id: `call_${id}_${i}`,
    type: 'function',
    function: { name: call.name, arguments: typeof call.arguments === 'string' ? call.arguments : JSON.stringify(call.arguments) },
  }));
}

function usage(ctx: AnswerContext, response: MockResponse) {
  const completion = countTokens(response.content ?? '') + countTokens(JSON.stringify(response.tool_calls ?? []));
  return { prompt_tokens: ctx.promptTokens, completion_tokens: completion, total_tokens: ctx.promptTokens + completion };
}

export function chatCompletion(response: MockResponse, ctx: AnswerContext) {
  const toolCalls = wireToolCalls(response, ctx.id);
  return {
    id: `chatcmpl-${ctx.id}`,
    object: 'chat.completion',
    created: ctx.created,
    model: ctx.model,
    choices: [
      {
        index: 0,
        message: { role: 'assistant', content: response.content ?? null, ...(toolCalls ? { tool_calls: toolCalls } : {}) },
        finish_reason: toolCalls ? 'tool_calls' : 'stop',
      },
    ],
    usage: usage(ctx, response),
  };
}

/** The SSE `data:` payloads of a streamed answer: role, content pieces, tool calls, finish, usage. */
export function chatCompletionChunks(response: MockResponse, ctx: AnswerContext, includeUsage: boolean): object[] {
  const base = { id: `chatcmpl-${ctx.id}`, object: 'chat.completion.chunk', created: ctx.created, model: ctx.model };
  const chunk = (delta: object, finish: string | null = null) => ({ ...base, choices: [{ index: 0, delta, finish_reason: finish }] });
  const chunks: object[] = [chunk({ role: 'assistant', content: '' })];
  for (const piece of (response.content ?? '').match(/\s*\S+/g) ?? []) chunks.push(chunk({ content: piece }));
  const toolCalls = wireToolCalls(response, ctx.id) ?? [];
  toolCalls.forEach((call, index) => chunks.push(chunk({ tool_calls: [{ index, ...call }] })));
  chunks.push(chunk({}, toolCalls.length > 0 ? 'tool_calls' : 'stop'));
  if (includeUsage) chunks.push({ ...base, choices: [], usage: usage(ctx, response) });
  return chunks;
}

export function errorBody(message: string, type: string, code: string | number | null = null) {
  return { error: { message, type, code } };
}

/** An Anthropic Messages API answer (non-streaming). */
export function anthropicMessage(response: MockResponse, ctx: AnswerContext) {
  const toolUses = (response.tool_calls ?? []).map((call, i) => ({
    type: 'tool_use',
    id: `toolu_${ctx.id}_${i}`,
    name: call.name,
    input: typeof call.arguments === 'string' ? (JSON.parse(call.arguments) as unknown) : call.arguments,
  }));
  const { prompt_tokens, completion_tokens } = usage(ctx, response);
  return {
    id: `msg_${ctx.id}`,
    type: 'message',
    role: 'assistant',
    model: ctx.model,
    content: [...(response.content ? [{ type: 'text', text: response.content }] : []), ...toolUses],
    stop_reason: toolUses.length > 0 ? 'tool_use' : 'end_turn',
    stop_sequence: null,
    usage: { input_tokens: prompt_tokens, output_tokens: completion_tokens },
  };
}
