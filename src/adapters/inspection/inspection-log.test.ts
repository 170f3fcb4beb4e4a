import { describe, expect, it } from 'vitest';
import type { ConversationState } from '../../core/state.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import { InspectionLog } from './inspection-log.ts';

/** A clock that moves 10 ms per reading, so every duration is predictable. */
function steppingClock(): () => number {
  let now = 0;
  return () => (now += 10);
}

const llm: LlmClient = { complete: async () => ({ text: 'StartFlow(pay)', latencyMs: 42, model: 'gpt-test', usage: { inputTokens: 900, outputTokens: 5 } }) };

describe('InspectionLog', () => {
  it("records a turn's phases with their nesting, outcomes and event range, and the LLM calls made inside it", async () => {
    const log = new InspectionLog(steppingClock());
    const recorded = log.observeLlm(llm, 'fallback-name');
    await log.phase({ phase: 'turn', senderId: 's', channel: 'rest' }, async () => {
      await log.phase({ phase: 'understand', senderId: 's' }, () => recorded.complete([{ role: 'system', content: 'You route messages.' }]));
      await log.phase({ phase: 'agent', senderId: 's', name: 'shopper' }, () => log.phase({ phase: 'tool', senderId: 's', name: 'search' }, async () => ({ failed: true }), () => 'error'));
      log.saved({ sender_id: 's', events: new Array(7) } as unknown as ConversationState, 3);
    });
    const [turn] = log.turns('s');
    expect(turn).toMatchObject({ channel: 'rest', outcome: 'ok', events: [3, 6] });
    expect(turn!.steps.map((s) => [s.phase, s.name, s.depth, s.outcome])).toEqual([
      ['understand', undefined, 1, 'ok'],
      ['agent', 'shopper', 1, 'ok'],
      ['tool', 'search', 2, 'error'],
    ]);
    expect(turn!.steps.every((s) => s.durationMs > 0)).toBe(true);
    expect(turn!.llmCalls).toEqual([{ model: 'gpt-test', prompt: '[system]\nYou route messages.', completion: 'StartFlow(pay)', latencyMs: 42, inputTokens: 900, outputTokens: 5 }]);
  });

  it('records a failed turn and a failed LLM call, and keeps conversations apart', async () => {
    const log = new InspectionLog(steppingClock());
    const failing = log.observeLlm({ complete: async () => Promise.reject(new Error('HTTP 503')) }, 'gpt-down');
    const turn = log.phase({ phase: 'turn', senderId: 'a' }, () => log.phase({ phase: 'understand', senderId: 'a' }, () => failing.complete([{ role: 'user', content: 'hi' }])));
    await expect(turn).rejects.toThrow('HTTP 503');
    expect(log.turns('a')[0]).toMatchObject({ outcome: 'error', llmCalls: [{ model: 'gpt-down', error: 'HTTP 503' }], steps: [{ phase: 'understand', outcome: 'error' }] });
    expect(log.turns('b')).toEqual([]);
  });

  it('keeps the latest 200 turns of a conversation, their prompts cut and kept for the latest 20 only', async () => {
    const log = new InspectionLog(steppingClock());
    const recorded = log.observeLlm(llm, 'm');
    for (let i = 0; i < 205; i++) await log.phase({ phase: 'turn', senderId: 's' }, () => recorded.complete([{ role: 'user', content: 'x'.repeat(30_000) }]));
    const turns = log.turns('s');
    expect(turns).toHaveLength(200);
    const latest = turns.at(-1)!.llmCalls[0]!;
    expect(latest.prompt.length).toBeLessThan(20_100);
    expect(latest.prompt).toMatch(/more characters\)$/);
    expect(turns.filter((t) => t.llmCalls[0]!.completion !== undefined)).toHaveLength(20);
    expect(turns[0]!.llmCalls[0]).toMatchObject({ prompt: '(not kept: older than the latest 20 turns)', inputTokens: 900, latencyMs: 42 });
  });

  it('passes calls outside a turn through unrecorded', async () => {
    const log = new InspectionLog();
    expect((await log.observeLlm(llm, 'm').complete([])).text).toBe('StartFlow(pay)');
    expect(await log.phase({ phase: 'tool', senderId: 's' }, async () => 5)).toBe(5);
    expect(log.turns('s')).toEqual([]);
  });
});
