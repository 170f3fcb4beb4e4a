/**
 * Record mode: forward a chat request to a real OpenAI-compatible endpoint and keep its answer
 * as a new fixture rule (matched on the last user message), appended to the fixture file.
 * @module
 */
import { readFileSync, writeFileSync, existsSync } from 'node:fs';
import { Document, isMap, isSeq, parseDocument } from 'yaml';
import type { MockResponse, MockRule } from './fixtures.ts';
import { lastUserMessage, type ChatMessage } from './rule-matcher.ts';

export interface RecordOptions {
  /** Base URL of the real endpoint, including `/v1` (e.g. `https://api.openai.com/v1`). */
  readonly upstream: string;
  /** Sent as `Authorization: Bearer …`; defaults to the incoming request's header. */
  readonly apiKey?: string;
  readonly timeoutMs?: number;
}

interface UpstreamChoice {
  readonly message?: { readonly content?: string | null; readonly tool_calls?: readonly { readonly function?: { readonly name?: string; readonly arguments?: string } }[] };
}

/** Asks the upstream for a non-streamed answer and converts it to a fixture response. */
export async function fetchUpstreamAnswer(
  body: Record<string, unknown>,
  options: RecordOptions,
  incomingAuthorization: string | undefined,
): Promise<MockResponse> {
  const authorization = options.apiKey ? `Bearer ${options.apiKey}` : incomingAuthorization;
  // Record mode asks for whole answers; streamed replays are rebuilt from them.
  const { stream_options: _streamOptions, ...rest } = body;
  const upstreamBody = { ...rest, stream: false };
  const res = await fetch(`${options.upstream.replace(/\/+$/, '')}/chat/completions`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
    body: JSON.stringify(upstreamBody),
    signal: AbortSignal.timeout(options.timeoutMs ?? 60_000),
  });
  const text = await res.text();
  if (!res.ok) return { status: res.status, error: `upstream: ${text.slice(0, 500)}` };
  const choice = (JSON.parse(text) as { choices?: readonly UpstreamChoice[] }).choices?.[0];
  const toolCalls = (choice?.message?.tool_calls ?? []).map((call) => ({
    name: call.function?.name ?? '',
    arguments: call.function?.arguments ?? '{}',
  }));
  return { content: choice?.message?.content ?? undefined, ...(toolCalls.length > 0 ? { tool_calls: toolCalls } : {}) };
}

/** The rule that replays `response` for requests like `messages`. */
export function recordedRule(messages: readonly ChatMessage[], response: MockResponse): MockRule {
  const last = lastUserMessage(messages);
  return { match: last === undefined ? {} : { last_user_message: last }, response };
}

/** Appends `rule` to the fixture file, keeping its comments (YAML) and its shape (list or `rules:` map). */
export function appendRuleToFile(path: string, rule: MockRule): void {
  const plain = JSON.parse(JSON.stringify(rule)) as unknown;
  const existing = existsSync(path) ? readFileSync(path, 'utf8') : '';
  const doc = existing.trim() === '' ? new Document([]) : parseDocument(existing);
  if (isSeq(doc.contents)) doc.add(plain);
  else if (isMap(doc.contents) && doc.hasIn(['rules'])) doc.addIn(['rules'], plain);
  else if (isMap(doc.contents)) doc.setIn(['rules'], [plain]);
  else throw new Error(`${path}: fixture file must hold a list of rules or a mapping with 'rules'`);
  writeFileSync(path, path.endsWith('.json') ? `${JSON.stringify(doc.toJS(), null, 2)}\n` : doc.toString());
}
