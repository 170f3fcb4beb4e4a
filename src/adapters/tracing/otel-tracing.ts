/**
 * Tracing with OpenTelemetry as Rasa configures it: `tracing:` in endpoints.yml (`type: otlp` with
 * `endpoint`, `insecure`, `service_name`; `type: jaeger` with `host`) and the standard `OTEL_*`
 * variables. Spans go over OTLP/HTTP (JSON). A span per turn, with children for understanding (and
 * its LLM calls, with `gen_ai.*` attributes), custom actions, MCP tool steps and sub-agents; the W3C
 * `traceparent` is read from incoming requests and sent on outgoing ones.
 * @module
 */
import { context, propagation, ROOT_CONTEXT, SpanKind, trace, TraceFlags, type Attributes, type Context, type SpanContext } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes, type Resource } from '@opentelemetry/resources';
import {
  AlwaysOffSampler,
  AlwaysOnSampler,
  BatchSpanProcessor,
  ParentBasedSampler,
  SamplingDecision,
  TraceIdRatioBasedSampler,
  type Sampler,
  type SpanExporter,
  type SpanProcessor,
} from '@opentelemetry/sdk-trace';
import { voiceLatencyOf } from '../../core/voice-latency.ts';
import type { ConversationState } from '../../core/state.ts';
import type { TracingDetail } from '../../core/tracing-detail.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import type { PhaseInfo, PhaseOutcome, RuntimeObserver } from '../../ports/runtime-observer.ts';
import { AsyncContextManager } from './async-context.ts';
import { newSpanId, newTraceId, RecordedSpan } from './recorded-span.ts';

export interface TracingConfig {
  readonly type?: unknown;
  readonly endpoint?: unknown;
  readonly host?: unknown;
  readonly insecure?: unknown;
  readonly service_name?: unknown;
  readonly detail?: unknown;
}

/** The OTLP/HTTP traces URL for a `tracing:` section; undefined leaves it to `OTEL_EXPORTER_OTLP_*`. */
export function tracesUrl(config: TracingConfig): string | undefined {
  const insecure = config.insecure === true || config.insecure === 'true';
  let base: string | undefined;
  // Jaeger (≥ 1.35) takes OTLP on port 4318; Rasa's UDP agent protocol is not spoken.
  if (config.type === 'jaeger' && typeof config.host === 'string') base = `http://${config.host}:4318`;
  if (typeof config.endpoint === 'string' && config.endpoint !== '') base = config.endpoint.includes('://') ? config.endpoint : `${insecure ? 'http' : 'https'}://${config.endpoint}`;
  if (base === undefined) return undefined;
  const url = new URL(base);
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/v1/traces';
  return url.toString();
}

export function serviceName(config: TracingConfig, env: NodeJS.ProcessEnv): string {
  if (typeof config.service_name === 'string' && config.service_name !== '') return config.service_name;
  return env.OTEL_SERVICE_NAME ?? env.TRACING_SERVICE_NAME ?? 'colloquy';
}

/** The standard `OTEL_TRACES_SAMPLER` / `OTEL_TRACES_SAMPLER_ARG`; default: every trace, following the caller's decision. */
export function samplerFromEnv(env: NodeJS.ProcessEnv): Sampler {
  const arg = Number(env.OTEL_TRACES_SAMPLER_ARG ?? 1);
  const ratio = () => new TraceIdRatioBasedSampler(Number.isFinite(arg) ? arg : 1);
  switch (env.OTEL_TRACES_SAMPLER) {
    case 'always_on':
      return new AlwaysOnSampler();
    case 'always_off':
      return new AlwaysOffSampler();
    case 'traceidratio':
      return ratio();
    case 'parentbased_always_off':
      return new ParentBasedSampler({ root: new AlwaysOffSampler() });
    case 'parentbased_traceidratio':
      return new ParentBasedSampler({ root: ratio() });
    default:
      return new ParentBasedSampler({ root: new AlwaysOnSampler() });
  }
}

const SPAN_NAMES: Record<PhaseInfo['phase'], string> = {
  turn: 'colloquy.turn',
  understand: 'colloquy.understand',
  action: 'colloquy.action',
  tool: 'colloquy.tool',
  agent: 'colloquy.agent',
  search: 'colloquy.search',
};
const NAME_KEYS: Record<PhaseInfo['phase'], string> = {
  turn: 'colloquy.turn.name',
  understand: 'colloquy.understand.name',
  action: 'colloquy.action.name',
  tool: 'colloquy.tool.name',
  agent: 'colloquy.agent.name',
  search: 'colloquy.search.name',
};

/**
 * A phase's attributes, few and built in one go: a turn carries who and where; its children are in
 * the same trace, so they carry only their own name (each attribute is serialised per span).
 */
function phaseAttributes(info: PhaseInfo): Attributes | undefined {
  if (info.phase === 'turn') return info.channel ? { 'colloquy.sender_id': info.senderId, 'colloquy.channel': info.channel } : { 'colloquy.sender_id': info.senderId };
  return info.name ? { [NAME_KEYS[info.phase]]: info.name } : undefined;
}

/** `work()` as a promise, also when it throws synchronously. */
function attempt<T>(work: () => Promise<T>): Promise<T> {
  try {
    return work();
  } catch (error) {
    return Promise.reject(error as Error);
  }
}

const sampled = (parent: SpanContext): boolean => (parent.traceFlags & TraceFlags.SAMPLED) !== 0;

export interface OtelTracingOptions {
  readonly serviceName: string;
  readonly assistantId?: string;
  readonly sampler?: Sampler;
  /** Custom actions run on an action server over HTTP, so action spans must be active for `traceparent`. */
  readonly actionServer?: boolean;
  /** Default `all`. */
  readonly detail?: TracingDetail;
}

/** A conversation's turn in progress: its trace context, and its span when the trace is recorded. */
interface OpenTurn {
  readonly context: SpanContext;
  readonly span: RecordedSpan | undefined;
}

/**
 * Carrying the active span across `await`s (AsyncLocalStorage) is costly on a fast turn (Node 20: a
 * hook on every promise once any context was entered, and a switch per phase). So a phase's context
 * is made active only where something below reads it: LLM calls in understanding (once an LLM client
 * is traced), outgoing HTTP (the action server, MCP, A2A) and the tool steps of agents. The other
 * phases find their parent without it: the open turn of their conversation (turns of one conversation
 * run one at a time, under the lock, oldest first). Spans are recorded by `RecordedSpan`, not the
 * SDK's tracer, and only in sampled traces: the phases of a trace that is not recorded cost a lookup.
 */
export class OtelTracing implements RuntimeObserver {
  readonly #processor: SpanProcessor;
  readonly #sampler: Sampler;
  readonly #resource: Resource;
  readonly #scope = { name: 'colloquy' };
  readonly #contexts = new AsyncContextManager();
  readonly #actionServer: boolean;
  readonly #detail: TracingDetail;
  /** Each conversation's open turns, oldest first. */
  readonly #openTurns = new Map<string, OpenTurn[]>();
  #tracingLlm = false;

  constructor(exporter: SpanExporter, options: OtelTracingOptions) {
    this.#resource = resourceFromAttributes({ 'service.name': options.serviceName, ...(options.assistantId ? { 'colloquy.assistant_id': options.assistantId } : {}) });
    this.#processor = new BatchSpanProcessor({ exporter });
    this.#sampler = options.sampler ?? new ParentBasedSampler({ root: new AlwaysOnSampler() });
    this.#actionServer = options.actionServer ?? false;
    this.#detail = options.detail ?? 'all';
    // Global, so outgoing HTTP in the adapters (action server, A2A) can inject `traceparent`.
    context.setGlobalContextManager(this.#contexts);
    propagation.setGlobalPropagator(new W3CTraceContextPropagator());
  }

  static fromConfig(config: TracingConfig, options: { readonly assistantId?: string; readonly actionServer?: boolean; readonly env?: NodeJS.ProcessEnv } = {}): OtelTracing {
    const env = options.env ?? process.env;
    const url = tracesUrl(config);
    return new OtelTracing(new OTLPTraceExporter(url ? { url } : {}), {
      serviceName: serviceName(config, env),
      sampler: samplerFromEnv(env),
      ...(options.assistantId ? { assistantId: options.assistantId } : {}),
      ...(options.actionServer ? { actionServer: true } : {}),
      ...(config.detail === 'calls' ? { detail: 'calls' as const } : {}),
    });
  }

  phase<T>(info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T> {
    if (info.phase === 'turn') return this.#turn(info, work, outcome);
    const readsActive = this.#readsActiveSpan(info.phase);
    // `detail: calls`: work inside the process (offline understanding, in-process actions) is timed by its turn's span alone.
    if (this.#detail === 'calls' && !readsActive) return attempt(work);
    const active = this.#contexts.active();
    const parent = this.#parentOf(info.senderId, active);
    // In a trace that is not recorded a phase has no span; what it calls still gets the trace's context.
    if (parent && !parent.isRemote && !sampled(parent)) return readsActive ? this.#within(active, parent, work) : attempt(work);
    const span = this.#start(info.name ? `${SPAN_NAMES[info.phase]} ${info.name}` : SPAN_NAMES[info.phase], phaseAttributes(info), parent, parent?.traceId ?? newTraceId(), active);
    if (!span) return readsActive && parent ? this.#within(active, parent, work) : attempt(work);
    return this.#finish(span, readsActive ? this.#within(active, span.context, work) : attempt(work), outcome, info.phase);
  }

  /** A turn continues the active context: an incoming `traceparent`, or a phase of ours it runs in. */
  #turn<T>(info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T> {
    const active = this.#contexts.active();
    const parent = trace.getSpanContext(active);
    // Not sampled, the turn keeps the trace id the sampler saw: a ratio sampler downstream decides alike.
    const traceId = parent?.traceId ?? newTraceId();
    const span = this.#start(SPAN_NAMES.turn, phaseAttributes(info), parent, traceId, active, true);
    const turn: OpenTurn = span ? { context: span.context, span } : { context: { traceId, spanId: newSpanId(), traceFlags: TraceFlags.NONE, ...(parent?.traceState ? { traceState: parent.traceState } : {}) }, span: undefined };
    const { senderId } = info;
    const open = this.#openTurns.get(senderId);
    if (open) open.push(turn);
    else this.#openTurns.set(senderId, [turn]);
    return attempt(work).then(
      (value) => {
        this.#close(senderId, turn);
        if (span) this.#succeeded(span, value, outcome, 'turn');
        return value;
      },
      (error: unknown) => {
        this.#close(senderId, turn);
        if (span) this.#failed(span, error);
        throw error;
      },
    );
  }

  #close(senderId: string, turn: OpenTurn): void {
    const turns = this.#openTurns.get(senderId)!;
    if (turns.length === 1) this.#openTurns.delete(senderId);
    else turns.splice(turns.indexOf(turn), 1);
  }

  /**
   * The span of a new phase under `parent`, or undefined when its trace is not sampled. A phase in a
   * recorded trace of ours is recorded too (what the parent-based samplers decide); a turn, a remote
   * parent's child or a phase outside any turn asks the sampler.
   */
  #start(name: string, attributes: Attributes | undefined, parent: SpanContext | undefined, traceId: string, active: Context, turn = false): RecordedSpan | undefined {
    let traceState = parent?.traceState;
    let initial = attributes ?? {};
    if (turn || !parent || parent.isRemote) {
      const decision = this.#sampler.shouldSample(active, traceId, name, SpanKind.INTERNAL, initial, []);
      if (decision.decision !== SamplingDecision.RECORD_AND_SAMPLED) return undefined;
      traceState = decision.traceState ?? traceState;
      if (decision.attributes) initial = { ...initial, ...decision.attributes };
    }
    const spanContext: SpanContext = { traceId, spanId: newSpanId(), traceFlags: TraceFlags.SAMPLED, ...(traceState ? { traceState } : {}) };
    return new RecordedSpan(name, spanContext, parent, initial, this.#resource, this.#scope);
  }

  /** Ends `span` when `running` settles: failed when it rejects or `outcome` says so. */
  #finish<T>(span: RecordedSpan, running: Promise<T>, outcome?: (result: T) => PhaseOutcome, phase?: PhaseInfo['phase']): Promise<T> {
    return running.then(
      (value) => {
        this.#succeeded(span, value, outcome, phase);
        return value;
      },
      (error: unknown) => {
        this.#failed(span, error);
        throw error;
      },
    );
  }

  #succeeded<T>(span: RecordedSpan, value: T, outcome: ((result: T) => PhaseOutcome) | undefined, phase: PhaseInfo['phase'] | undefined): void {
    if (outcome?.(value) === 'error') span.setError(`${phase} failed`);
    span.end();
    this.#processor.onEnd(span);
  }

  #failed(span: RecordedSpan, error: unknown): void {
    span.fail(error);
    span.end();
    this.#processor.onEnd(span);
  }

  /** Runs `work` with `spanContext` active (for what reads it below: outgoing `traceparent`, nested phases). */
  #within<T>(active: Context, spanContext: SpanContext, work: () => Promise<T>): Promise<T> {
    if (trace.getSpanContext(active) === spanContext) return attempt(work);
    return this.#contexts.with(trace.setSpanContext(active, spanContext), () => attempt(work));
  }

  /** An active phase of ours, else the conversation's open turn, else a remote parent (no turn: a phase outside one). */
  #parentOf(senderId: string, active: Context): SpanContext | undefined {
    const activeContext = trace.getSpanContext(active);
    if (activeContext && !activeContext.isRemote) return activeContext;
    return this.#openTurns.get(senderId)?.[0]?.context ?? activeContext;
  }

  #readsActiveSpan(phase: PhaseInfo['phase']): boolean {
    switch (phase) {
      case 'understand':
        return this.#tracingLlm;
      case 'action':
        return this.#actionServer;
      default:
        return true;
    }
  }

  /** Voice latencies of the turn's first spoken message become attributes of the turn's span (saved before it ends). */
  saved(state: ConversationState, fromIndex: number): void {
    const span = this.#openTurns.get(state.sender_id)?.[0]?.span;
    if (!span) return;
    for (let i = fromIndex; i < state.events.length; i++) {
      const latency = voiceLatencyOf(state.events[i]!);
      if (!latency) continue;
      span.setAttributes(Object.fromEntries(Object.entries(latency).map(([stage, ms]) => [`colloquy.voice.${stage}_latency_ms`, ms])));
      return;
    }
  }

  /** Makes an incoming request's `traceparent` the parent of the spans of its turn. */
  continueTrace(headers: Readonly<Record<string, unknown>>): void {
    if (headers.traceparent === undefined) return;
    const extracted = propagation.extract(ROOT_CONTEXT, headers);
    if (trace.getSpanContext(extracted)) this.#contexts.enter(extracted);
  }

  /** A span per LLM completion, with the `gen_ai.*` semantic conventions. */
  observeLlm(client: LlmClient, model: string, provider: string): LlmClient {
    this.#tracingLlm = true;
    const name = `chat ${model}`;
    return {
      complete: (messages, options) => {
        const active = this.#contexts.active();
        const parent = trace.getSpanContext(active);
        const span = parent && !parent.isRemote && !sampled(parent) ? undefined : this.#start(name, { 'gen_ai.operation.name': 'chat', 'gen_ai.system': provider, 'gen_ai.request.model': model }, parent, parent?.traceId ?? newTraceId(), active);
        if (!span) return client.complete(messages, options);
        const completed = this.#within(active, span.context, () => client.complete(messages, options)).then((completion) => {
          span.setAttributes({
            'gen_ai.response.model': completion.model,
            ...(completion.usage ? { 'gen_ai.usage.input_tokens': completion.usage.inputTokens, 'gen_ai.usage.output_tokens': completion.usage.outputTokens } : {}),
          });
          return completion;
        });
        return this.#finish(span, completed);
      },
    };
  }

/** Sends the spans still buffered (tests, shutdown). */
  flush(): Promise<void> {
    return this.#processor.forceFlush();
  }

  async close(): Promise<void> {
    await this.#processor.shutdown();
    context.disable();
    propagation.disable();
  }
}
