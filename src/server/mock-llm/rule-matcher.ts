/**
 * Picks the answer for a chat request from fixture rules: first match wins, then `default`.
 * Keeps per-rule hit counts, so `times` and `responses` sequences script multi-step exchanges.
 * @module
 */
import type { MockFixtures, MockResponse, MockRule, MockTextMatch } from './fixtures.ts';

export interface ChatMessage {
  readonly role: string;
  readonly content?: unknown;
}

export interface ChatRequestView {
  readonly model?: string;
  readonly messages: readonly ChatMessage[];
}

export const FALLBACK_RESPONSE: MockResponse = { content: 'cannot handle' };

export class RuleMatcher {
  private readonly hits = new Map<MockRule, number>();

  constructor(private readonly fixtures: MockFixtures) {}

  /** The answer for `request`; `matched` is false when the default (or fallback) answered. */
  answer(request: ChatRequestView): { response: MockResponse; matched: boolean } {
    for (const rule of this.fixtures.rules) {
      const used = this.hits.get(rule) ?? 0;
      if (rule.times !== undefined && used >= rule.times) continue;
      if (!ruleMatches(rule, request)) continue;
      this.hits.set(rule, used + 1);
      const sequence = rule.responses ?? [rule.response as MockResponse];
      return { response: sequence[Math.min(used, sequence.length - 1)] as MockResponse, matched: true };
    }
    return { response: this.fixtures.default ?? FALLBACK_RESPONSE, matched: false };
  }

  /** Appends a rule (record mode); it applies to later requests. */
  add(rule: MockRule): void {
    this.fixtures.rules.push(rule);
  }
}

function ruleMatches(rule: MockRule, request: ChatRequestView): boolean {
  const { last_user_message, prompt_regex, model, after_tool_result } = rule.match;
  if (model !== undefined && model !== request.model) return false;
  if (after_tool_result !== undefined && after_tool_result !== isToolResult(request.messages.at(-1))) return false;
  if (last_user_message !== undefined && !textMatches(last_user_message, lastUserMessage(request.messages))) return false;
  if (prompt_regex !== undefined && !safeRegex(prompt_regex).test(request.messages.map((m) => messageText(m)).join('\n'))) return false;
  return true;
}

function textMatches(match: MockTextMatch, text: string | undefined): boolean {
  if (text === undefined) return false;
  if (typeof match === 'string') return match.trim().toLowerCase() === text.trim().toLowerCase();
  if ('regex' in match) return safeRegex(match.regex).test(text);
  return text.toLowerCase().includes(match.contains.toLowerCase());
}

/** An invalid pattern in a fixture never matches instead of failing every request. */
function safeRegex(pattern: string): RegExp {
  try {
    return new RegExp(pattern, 's');
  } catch {
    return /(?!)/;
  }
}

export function lastUserMessage(messages: readonly ChatMessage[]): string | undefined {
  const last = [...messages].reverse().find((m) => m.role === 'user' && !isToolResult(m));
  return last ? messageText(last) : undefined;
}

/** OpenAI sends tool results as `role: tool`; Anthropic as user messages of `tool_result` parts. */
function isToolResult(message: ChatMessage | undefined): boolean {
  if (message?.role === 'tool') return true;
  return Array.isArray(message?.content) && message.content.some((part: unknown) => (part as { type?: unknown } | null)?.type === 'tool_result');
}

/** Text of a message whose content is a string or an array of `{type:'text', text}` parts. */
export function messageText(message: ChatMessage): string {
  if (typeof message.content === 'string') return message.content;
  if (Array.isArray(message.content)) {
    return message.content
      .map((part: unknown) => (part && typeof part === 'object' && 'text' in part && typeof part.text === 'string' ? part.text : ''))
      .join('');
  }
  return '';
}
