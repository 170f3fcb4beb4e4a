import type { ModelMessage } from 'ai';
import { describe, expect, it } from 'vitest';
import { boundMemory, resumedSince, transcriptMessages } from './agent-memory.ts';

describe('agent memory', () => {
  it('keeps the newest messages under the size limit, starting at a user message', () => {
    const messages: ModelMessage[] = [];
    for (let i = 0; i < 60; i++) {
      messages.push({ role: 'user', content: `question ${i}` });
      messages.push({ role: 'assistant', content: [{ type: 'tool-call', toolCallId: `c${i}`, toolName: 'search', input: {} }] });
      messages.push({ role: 'tool', content: [{ type: 'tool-result', toolCallId: `c${i}`, toolName: 'search', output: { type: 'text', value: 'x'.repeat(5000) } }] });
    }
    const memory = boundMemory(messages, 'question 59');
    expect(JSON.stringify(memory).length).toBeLessThan(13_000);
    expect(memory.messages[0]!.role).toBe('user');
    expect(memory.messages.at(-1)).toMatchObject({ role: 'tool' });
    expect(JSON.stringify(memory.messages.at(-1))).toContain('…');
  });

  it('turns a transcript into messages without the current user message', () => {
    expect(transcriptMessages('USER: hi\nAI: hello\nUSER: shoes please', 'shoes please')).toEqual([
      { role: 'user', content: 'hi' },
      { role: 'assistant', content: 'hello' },
    ]);
  });

  it('notices a digression since the agent last answered', () => {
    const memory = { messages: [], lastUserMessage: 'I need a jacket' };
    expect(resumedSince('USER: I need a jacket\nAI: Budget?\nUSER: 100', memory)).toBe(false);
    expect(resumedSince('USER: I need a jacket\nAI: Budget?\nUSER: my balance?\nAI: 5\nAI: Budget?\nUSER: 100', memory)).toBe(true);
    expect(resumedSince('USER: 100', undefined)).toBe(false);
  });
});
