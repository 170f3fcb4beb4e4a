/**
 * Tracing with OpenTelemetry as Rasa configures it: `tracing:` in endpoints.yml (`type: otlp` with
 * `endpoint`, `insecure`, `service_name`; `type: jaeger` with `host`) and the standard `OTEL_*`
 * variables. Spans go over OTLP/HTTP (JSON). A span per turn, with children for understanding (and
 * its LLM calls, with `gen_ai.*` attributes), custom actions, MCP tool steps and sub-agents; the W3C
 * `traceparent` is read from incoming requests and sent on outgoing ones.
 * @module
 */
import { context, propagation, SpanStatusCode, trace, type Attributes, type Context, type Span, type Tracer } from '@opentelemetry/api';
import { W3CTraceContextPropagator } from '@opentelemetry/core';
import { OTLPTraceExporter } from '@opentelemetry/exporter-trace-otlp-http';
import { resourceFromAttributes } from '@opentelemetry/resources';
import { AlwaysOffSampler, AlwaysOnSampler, BatchSpanProcessor, ParentBasedSampler, TraceIdRatioBasedSampler, TracerProvider, type Sampler, type SpanExporter } from '@opentelemetry/sdk-trace';
import { voiceLatencyOf } from '../../core/voice-latency.ts';
import type { ConversationState } from '../../core/state.ts';
import type { TracingDetail } from '../../core/tracing-detail.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import type { PhaseInfo, PhaseOutcome, RuntimeObserver } from '../../ports/runtime-observer.ts';
import { AsyncContextManager } from './async-context.ts';

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
 * the same trace, so they carry only their own name (each attribute is copied and checked twice by
 * the SDK and serialised per span).
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

/** Ends `span` as failed with the thrown error, and rethrows it. */
function failed(span: Span): (error: unknown) => never {
  return (error) => {
    span.recordException(error as Error);
    span.setStatus({ code: SpanStatusCode.ERROR, message: (error as Error).message });
    span.end();
    throw error;
  };
}

export interface OtelTracingOptions {
  readonly serviceName: string;
  readonly assistantId?: string;
  readonly sampler?: Sampler;
  /** Custom actions run on an action server over HTTP, so action spans must be active for `traceparent`. */
  readonly actionServer?: boolean;
  /** Default `all`. */
  readonly detail?: TracingDetail;
}

/**
 * Carrying the active span across `await`s (AsyncLocalStorage) is most of what tracing costs on a
 * fast turn (Node 20: a hook on every promise once any context was entered, and a switch per phase).
 * So a phase's span is made active only where something below reads it: LLM calls in understanding
 * (once an LLM client is traced), outgoing HTTP (the action server, MCP, A2A) and the tool steps of
 * agents. The other phases find their parent without it: the open turn of their conversation (turns
 * of one conversation run one at a time, under the lock, oldest first).
 */
export class OtelTracing implements RuntimeObserver {
  readonly #provider: TracerProvider;
  readonly #tracer: Tracer;
  readonly #contexts = new AsyncContextManager();
  readonly #actionServer: boolean;
  readonly #detail: TracingDetail;
  /** The contexts of each conversation's open turns, oldest first. */
  readonly #openTurns = new Map<string, Context[]>();
  /** Spans made active for their work (a phase below them takes them as parent). */
  readonly #active = new WeakSet<Span>();
  #tracingLlm = false;

  constructor(exporter: SpanExporter, options: OtelTracingOptions) {
    this.#provider = new TracerProvider({
      resource: resourceFromAttributes({ 'service.name': options.serviceName, ...(options.assistantId ? { 'colloquy.assistant_id': options.assistantId } : {}) }),
      spanProcessors: [new BatchSpanProcessor({ exporter })],
      ...(options.sampler ? { sampler: options.sampler } : {}),
    });
    this.#tracer = this.#provider.getTracer('colloquy');
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
    const readsActive = info.phase !== 'turn' && this.#readsActiveSpan(info.phase);
    // `detail: calls`: work inside the process (offline understanding, in-process actions) is timed by its turn's span alone.
    if (this.#detail === 'calls' && info.phase !== 'turn' && !readsActive) return attempt(work);
    const parent = this.#parentOf(info);
    const attributes = phaseAttributes(info);
    const span = this.#tracer.startSpan(info.name ? `${SPAN_NAMES[info.phase]} ${info.name}` : SPAN_NAMES[info.phase], attributes ? { attributes } : {}, parent);
    const spanContext = trace.setSpan(parent, span);
    let running: Promise<T>;
    if (info.phase === 'turn') {
      const open = this.#openTurns.get(info.senderId) ?? [];
      open.push(spanContext);
      this.#openTurns.set(info.senderId, open);
      running = attempt(work).finally(() => {
        open.splice(open.indexOf(spanContext), 1);
        if (open.length === 0) this.#openTurns.delete(info.senderId);
      });
    } else if (readsActive) {
      this.#active.add(span);
      running = this.#contexts.with(spanContext, () => attempt(work));
    } else {
      running = attempt(work);
    }
    // No async wrapper: one `then` on the work's own promise ends the span.
    return running.then((value) => {
      if (outcome?.(value) === 'error') span.setStatus({ code: SpanStatusCode.ERROR, message: `${info.phase} failed` });
      span.end();
      return value;
    }, failed(span));
  }

  /** A turn continues the active context (an incoming `traceparent`); other phases nest in an active phase of ours, else in their conversation's turn. */
  #parentOf(info: PhaseInfo): Context {
    const active = this.#contexts.active();
    if (info.phase === 'turn') return active;
    const activeSpan = trace.getSpan(active);
    if (activeSpan && this.#active.has(activeSpan)) return active;
    return this.#openTurns.get(info.senderId)?.[0] ?? active;
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
    const turn = this.#openTurns.get(state.sender_id)?.[0];
    if (!turn) return;
    for (let i = fromIndex; i < state.events.length; i++) {
      const latency = voiceLatencyOf(state.events[i]!);
      if (!latency) continue;
      trace.getSpan(turn)?.setAttributes(Object.fromEntries(Object.entries(latency).map(([stage, ms]) => [`colloquy.voice.${stage}_latency_ms`, ms])));
      return;
    }
  }

  /** Makes an incoming request's `traceparent` the parent of the spans of its turn. */
  continueTrace(headers: Readonly<Record<string, unknown>>): void {
    const carrier = Object.fromEntries(Object.entries(headers).filter((e): e is [string, string] => typeof e[1] === 'string'));
    const extracted = propagation.extract(context.active(), carrier);
    if (trace.getSpanContext(extracted)) this.#contexts.enter(extracted);
  }

  /** A span per LLM completion, with the `gen_ai.*` semantic conventions. */
  observeLlm(client: LlmClient, model: string, provider: string): LlmClient {
    this.#tracingLlm = true;
    return {
      complete: (messages, options) =>
        this.#span(`chat ${model}`, { 'gen_ai.operation.name': 'chat', 'gen_ai.system': provider, 'gen_ai.request.model': model }, async (span) => {
          const completion = await client.complete(messages, options);
          span.setAttribute('gen_ai.response.model', completion.model);
          if (completion.usage) {
            span.setAttribute('gen_ai.usage.input_tokens', completion.usage.inputTokens);
            span.setAttribute('gen_ai.usage.output_tokens', completion.usage.outputTokens);
          }
          return completion;
        }),
    };
  }

  /** Runs `work` in a new active span under the active one, which records a thrown error and always ends. */
  #span<T>(name: string, attributes: Attributes, work: (span: Span) => Promise<T>): Promise<T> {
    const span = this.#tracer.startSpan(name, { attributes });
    return this.#contexts.with(trace.setSpan(this.#contexts.active(), span), () => attempt(() => work(span))).then((value) => {
      span.end();
      return value;
    }, failed(span));
  }

  /** Sends the spans still buffered (tests, shutdown). */
  flush(): Promise<void> {
    return this.#provider.forceFlush();
  }

  async close(): Promise<void> {
    await this.#provider.shutdown();
    context.disable();
    propagation.disable();
  }
}
