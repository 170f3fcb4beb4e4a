/**
 * What a ReAct agent remembers between turns (kept in its agent frame's metadata): its own
 * messages, tool calls included, bounded so an idle conversation stays small.
 * @module
 */
import type { ModelMessage } from 'ai';

export const MEMORY_KEY = 'react_memory';

export interface AgentMemory {
  readonly messages: readonly ModelMessage[];
  /** The user message the agent answered last (to notice a digression since). */
  readonly lastUserMessage: string;
}

const MAX_MESSAGES = 40;
const MAX_CHARS = 12_000;
const MAX_TOOL_RESULT_CHARS = 1_000;

export function readMemory(metadata: Readonly<Record<string, unknown>>): AgentMemory | undefined {
  const memory = metadata[MEMORY_KEY] as AgentMemory | undefined;
  return memory && Array.isArray(memory.messages) ? memory : undefined;
}

/** The newest messages within the size limits, starting at a user message (never an orphaned tool result). */
export function boundMemory(messages: readonly ModelMessage[], lastUserMessage: string): AgentMemory {
  const kept = messages.map(shortenToolResults).slice(-MAX_MESSAGES);
  let size = kept.reduce((n, m) => n + JSON.stringify(m).length, 0);
  while (kept.length > 0 && (size > MAX_CHARS || kept[0]!.role !== 'user')) size -= JSON.stringify(kept.shift()).length;
  return { messages: kept, lastUserMessage };
}

function shortenToolResults(message: ModelMessage): ModelMessage {
  if (message.role !== 'tool') return message;
  return {
    ...message,
    content: message.content.map((part) =>
      part.type === 'tool-result' && part.output.type === 'text' && part.output.value.length > MAX_TOOL_RESULT_CHARS
        ? { ...part, output: { type: 'text' as const, value: `${part.output.value.slice(0, MAX_TOOL_RESULT_CHARS)}…` } }
        : part,
    ),
  };
}

/** `USER: …`/`AI: …` transcript lines as messages, without the trailing current user message. */
export function transcriptMessages(history: string, currentUserMessage: string): ModelMessage[] {
  const messages: ModelMessage[] = [];
  for (const line of history.split('\n')) {
    const user = /^USER: ?(.*)$/s.exec(line);
    const bot = /^AI: ?(.*)$/s.exec(line);
    if (user) messages.push({ role: 'user', content: user[1]! });
    else if (bot) messages.push({ role: 'assistant', content: bot[1]! });
  }
  const last = messages.at(-1);
  if (last?.role === 'user' && last.content === currentUserMessage) messages.pop();
  return messages;
}

/**
 * True when the user said something else between the agent's last answer and now (a digression
 * the engine interrupted the agent for), judged from the transcript.
 */
export function resumedSince(history: string, memory: AgentMemory | undefined): boolean {
  if (!memory) return false;
  const users = history.split('\n').filter((l) => l.startsWith('USER:')).map((l) => l.replace(/^USER: ?/, ''));
  const last = users.lastIndexOf(memory.lastUserMessage);
  // Between the message the agent answered and the current one, other user messages ⇒ a digression.
  return last >= 0 && users.length - last - 1 > 1;
}
