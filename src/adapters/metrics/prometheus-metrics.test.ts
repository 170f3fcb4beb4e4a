import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { sample } from '../../../test/operations/prometheus-text.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import { openSqliteTrackerStore } from '../stores/sqlite-tracker-store.ts';
import { countStoreErrors } from './count-store-errors.ts';
import { PrometheusMetrics } from './prometheus-metrics.ts';

const text = async (metrics: PrometheusMetrics) => (await metrics.scrape()).body;

describe('PrometheusMetrics', () => {
  it('counts LLM tokens by model and direction, and failed completions', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    let fail = false;
    const client: LlmClient = {
      complete: async () => {
        if (fail) throw new Error('timeout');
        return { text: 'StartFlow(x)', usage: { inputTokens: 120, outputTokens: 7 }, latencyMs: 3, model: 'gpt-test' };
      },
    };
    const observed = metrics.observeLlm(client, 'group-a');
    await observed.complete([{ role: 'user', content: 'hi' }]);
    await observed.complete([{ role: 'user', content: 'hi' }]);
    fail = true;
    await expect(observed.complete([{ role: 'user', content: 'hi' }])).rejects.toThrow('timeout');
    const body = await text(metrics);
    expect(sample(body, 'colloquy_llm_tokens_total', { model: 'gpt-test', direction: 'input' })).toBe(240);
    expect(sample(body, 'colloquy_llm_tokens_total', { model: 'gpt-test', direction: 'output' })).toBe(14);
    expect(sample(body, 'colloquy_llm_request_duration_seconds_count', { model: 'gpt-test', outcome: 'ok' })).toBe(2);
    expect(sample(body, 'colloquy_llm_request_duration_seconds_count', { model: 'group-a', outcome: 'error' })).toBe(1);
  });

  it('counts failed store operations and rethrows them unchanged', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'colloquy-metrics-'));
    try {
      const metrics = new PrometheusMetrics({ processMetrics: false });
      const store = openSqliteTrackerStore(join(dir, 'tracker.db'));
      const watched = countStoreErrors(store, 'tracker', (s, op) => metrics.storeError(s, op));
      expect(await watched.load('nobody')).toBeUndefined();
      await store.close();
      await expect(watched.load('nobody')).rejects.toThrow(/not open/);
      await expect(watched.keys()).rejects.toThrow(/not open/);
      const body = await text(metrics);
      expect(sample(body, 'colloquy_store_errors_total', { store: 'tracker', operation: 'load' })).toBe(1);
      expect(sample(body, 'colloquy_store_errors_total', { store: 'tracker', operation: 'keys' })).toBe(1);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });

  it('observes the voice latency of each spoken bot message by stage', async () => {
    const metrics = new PrometheusMetrics({ processMetrics: false });
    const latency = (processing: number) => ({ processing_latency_ms: processing, rasa_processing_latency_ms: processing, tts_first_byte_latency_ms: 40, tts_complete_latency_ms: 300, response_latency_ms: processing + 40 });
    const events = [
      { event: 'bot', text: 'old', data: {}, metadata: { latency: latency(1) }, timestamp: 1 },
      { event: 'user', text: 'hi', timestamp: 2 },
      { event: 'bot', text: 'Hello.', data: {}, metadata: { latency: { ...latency(5), asr_latency_ms: 1200 } }, timestamp: 3 },
      { event: 'bot', text: 'typed', data: {}, metadata: {}, timestamp: 4 },
      { event: 'bot', text: 'Anything else?', data: {}, metadata: { latency: latency(60) }, timestamp: 5 },
    ];
    metrics.saved({ sender_id: 's', events } as never, 1);
    const body = await text(metrics);
    expect(sample(body, 'colloquy_voice_latency_seconds_count', { stage: 'processing' })).toBe(2);
    expect(sample(body, 'colloquy_voice_latency_seconds_sum', { stage: 'processing' })).toBeCloseTo(0.065);
    expect(sample(body, 'colloquy_voice_latency_seconds_count', { stage: 'asr' })).toBe(1);
    expect(sample(body, 'colloquy_voice_latency_seconds_count', { stage: 'tts_first_byte' })).toBe(2);
  });

  it('forgets conversations 5 minutes after their latest turn', async () => {
    let now = 0;
    const metrics = new PrometheusMetrics({ processMetrics: false, now: () => now });
    const turn = (senderId: string) => metrics.phase({ phase: 'turn', senderId, channel: 'rest' }, async () => undefined);
    await turn('a');
    now = 60_000;
    await turn('b');
    expect(sample(await text(metrics), 'colloquy_active_conversations', {})).toBe(2);
    now = 5 * 60_000 + 1;
    expect(sample(await text(metrics), 'colloquy_active_conversations', {})).toBe(1);
    now = 7 * 60_000;
    expect(sample(await text(metrics), 'colloquy_active_conversations', {})).toBe(0);
  });
});
