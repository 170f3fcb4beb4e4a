import { InMemorySpanExporter } from '@opentelemetry/sdk-trace';
import { afterEach, describe, expect, it } from 'vitest';
import { OtelTracing, samplerFromEnv, tracesUrl } from './otel-tracing.ts';
import { withTraceContext } from './trace-headers.ts';

describe('OtelTracing', () => {
  let tracing: OtelTracing | undefined;
  afterEach(async () => {
    await tracing?.close();
    tracing = undefined;
  });

  it('nests phase spans and marks a phase whose outcome is an error', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't' });
    await tracing.phase({ phase: 'turn', senderId: 's', channel: 'rest' }, () =>
      tracing!.phase({ phase: 'action', senderId: 's', name: 'action_x' }, async () => ({ failed: true }), () => 'error'),
    );
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    const turn = spans.find((s) => s.name === 'colloquy.turn')!;
    const action = spans.find((s) => s.name === 'colloquy.action action_x')!;
    expect(action.parentSpanContext?.spanId).toBe(turn.spanContext().spanId);
    expect(action.status.code).toBe(2);
    expect(turn.status.code).toBe(0);
    // Who and where on the turn only; a child carries just its own name.
    expect(turn.attributes).toEqual({ 'colloquy.sender_id': 's', 'colloquy.channel': 'rest' });
    expect(action.attributes).toEqual({ 'colloquy.action.name': 'action_x' });
  });

  it('puts the voice latencies of the turn’s first spoken message on the turn span', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't' });
    const latency = { asr_latency_ms: 900, processing_latency_ms: 4, rasa_processing_latency_ms: 4, tts_first_byte_latency_ms: 30, tts_complete_latency_ms: 80, response_latency_ms: 34 };
    const events = [
      { event: 'user', text: 'hi', timestamp: 1 },
      { event: 'bot', text: 'Hello.', data: {}, metadata: { latency }, timestamp: 2 },
      { event: 'bot', text: 'Anything else?', data: {}, metadata: { latency: { ...latency, processing_latency_ms: 90 } }, timestamp: 3 },
    ];
    await tracing.phase({ phase: 'turn', senderId: 's', channel: 'browser_audio' }, async () => tracing!.saved({ sender_id: 's', events } as never, 0));
    await tracing.flush();
    const turn = exporter.getFinishedSpans().find((s) => s.name === 'colloquy.turn')!;
    expect(turn.attributes).toMatchObject({ 'colloquy.voice.asr_latency_ms': 900, 'colloquy.voice.processing_latency_ms': 4, 'colloquy.voice.tts_first_byte_latency_ms': 30, 'colloquy.voice.tts_complete_latency_ms': 80, 'colloquy.voice.response_latency_ms': 34 });
  });

  it('nests each phase in its own conversation’s turn when turns interleave, and an agent’s tool steps in the agent', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't' });
    const tick = () => new Promise((resolve) => setTimeout(resolve, 5));
    await Promise.all(
      ['a', 'b'].map((sender) =>
        tracing!.phase({ phase: 'turn', senderId: sender }, async () => {
          await tick();
          await tracing!.phase({ phase: 'action', senderId: sender, name: `action_${sender}` }, async () => tick());
          // The MCP pool does not know the conversation: the agent's span, active, is the parent.
          await tracing!.phase({ phase: 'agent', senderId: sender, name: `agent_${sender}` }, async () => {
            await tick();
            await tracing!.phase({ phase: 'tool', senderId: '', name: `tool_${sender}` }, async () => tick());
          });
        }),
      ),
    );
    await tracing.flush();
    const spans = exporter.getFinishedSpans();
    const parentOf = (name: string) => spans.find((s) => s.name === name)!.parentSpanContext?.spanId;
    const idOf = (predicate: (s: (typeof spans)[number]) => boolean) => spans.find(predicate)!.spanContext().spanId;
    for (const sender of ['a', 'b']) {
      const turn = idOf((s) => s.name === 'colloquy.turn' && s.attributes['colloquy.sender_id'] === sender);
      expect(parentOf(`colloquy.action action_${sender}`)).toBe(turn);
      expect(parentOf(`colloquy.agent agent_${sender}`)).toBe(turn);
      expect(parentOf(`colloquy.tool tool_${sender}`)).toBe(idOf((s) => s.name === `colloquy.agent agent_${sender}`));
    }
  });

  it('with detail calls, records the turn and the phases that call out, not the in-process ones', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't', detail: 'calls' });
    await tracing.phase({ phase: 'turn', senderId: 's' }, async () => {
      await tracing!.phase({ phase: 'understand', senderId: 's' }, async () => undefined);
      await tracing!.phase({ phase: 'action', senderId: 's', name: 'action_local' }, async () => undefined);
      await tracing!.phase({ phase: 'tool', senderId: 's', name: 'search' }, async () => undefined);
    });
    await tracing.flush();
    expect(exporter.getFinishedSpans().map((s) => s.name).sort()).toEqual(['colloquy.tool search', 'colloquy.turn']);
  });

  it('ends the span as failed when the work throws, even before returning a promise', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't' });
    const thrown = new Error('boom');
    await expect(
      tracing.phase({ phase: 'action', senderId: 's', name: 'action_y' }, () => {
        throw thrown;
      }),
    ).rejects.toBe(thrown);
    await tracing.flush();
    const [span] = exporter.getFinishedSpans();
    expect(span?.name).toBe('colloquy.action action_y');
    expect(span?.status).toEqual({ code: 2, message: 'boom' });
    expect(span?.events.map((e) => e.name)).toEqual(['exception']);
  });

  it('records nothing with OTEL_TRACES_SAMPLER=always_off', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't', sampler: samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }) });
    expect(await tracing.phase({ phase: 'turn', senderId: 's' }, async () => 42)).toBe(42);
    await tracing.flush();
    expect(exporter.getFinishedSpans()).toEqual([]);
  });

  it('in a trace that is not sampled, records no phase, yet a call out carries the unsampled trace context', async () => {
    const exporter = new InMemorySpanExporter();
    tracing = new OtelTracing(exporter, { serviceName: 't', sampler: samplerFromEnv({ OTEL_TRACES_SAMPLER: 'always_off' }) });
    const headers = await tracing.phase({ phase: 'turn', senderId: 's' }, () =>
      tracing!.phase({ phase: 'agent', senderId: 's', name: 'helper' }, async () => withTraceContext({}).get('traceparent')),
    );
    await tracing.flush();
    expect(exporter.getFinishedSpans()).toEqual([]);
    expect(headers).toMatch(/^00-[0-9a-f]{32}-[0-9a-f]{16}-00$/);
  });

  it("maps Rasa's tracing section to an OTLP/HTTP traces URL", () => {
    expect(tracesUrl({ type: 'otlp', endpoint: 'collector:4318', insecure: true })).toBe('http://collector:4318/v1/traces');
    expect(tracesUrl({ type: 'otlp', endpoint: 'collector:4318' })).toBe('https://collector:4318/v1/traces');
    expect(tracesUrl({ type: 'otlp', endpoint: 'http://c:4318/custom/path' })).toBe('http://c:4318/custom/path');
    expect(tracesUrl({ type: 'jaeger', host: 'jaeger' })).toBe('http://jaeger:4318/v1/traces');
    expect(tracesUrl({ type: 'otlp' })).toBeUndefined();
  });
});
