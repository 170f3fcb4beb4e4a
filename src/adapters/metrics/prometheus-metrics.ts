/**
 * Prometheus metrics (`metrics: {type: prometheus}` in endpoints.yml), served on `GET /metrics`:
 * turn and understanding latency, actions/tools/agents by outcome, CALM patterns triggered, LLM
 * tokens, active conversations, A2A tasks by state and store errors. One registry per instance (not
 * prom-client's global one), so two servers in one process do not mix their numbers.
 * @module
 */
import { voiceLatencyOf } from '../../core/voice-latency.ts';
import { collectDefaultMetrics, Counter, Gauge, Histogram, Registry } from 'prom-client';
import type { ConversationState } from '../../core/state.ts';
import type { LlmClient } from '../../ports/llm-client.ts';
import type { PhaseInfo, PhaseOutcome, RuntimeObserver } from '../../ports/runtime-observer.ts';

/** The patterns an operator alerts on; other flows are not counted (their ids are unbounded labels). */
const WATCHED_PATTERNS = new Set(['pattern_internal_error', 'pattern_cannot_handle', 'pattern_human_handoff']);
/** A conversation counts as active this long after its latest turn on this replica. */
const ACTIVE_WINDOW_MS = 5 * 60_000;
const LATENCY_BUCKETS = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30];

export interface PrometheusMetricsOptions {
  /** Milliseconds clock (tests); default `Date.now`. */
  readonly now?: () => number;
  /** Process metrics (CPU, memory, event loop lag, GC); default on. */
  readonly processMetrics?: boolean;
}

export class PrometheusMetrics implements RuntimeObserver {
  readonly registry = new Registry();
  readonly #now: () => number;
  readonly #lastTurn = new Map<string, number>();
  readonly #turns = new Histogram({ name: 'colloquy_turn_duration_seconds', help: 'Time to process one user turn, by input channel and outcome.', labelNames: ['channel', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #understanding = new Histogram({ name: 'colloquy_understanding_duration_seconds', help: 'Time to turn a message into commands (command generator, LLM included).', labelNames: ['channel', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #effects = new Histogram({ name: 'colloquy_action_duration_seconds', help: 'Time of custom actions, MCP tool steps and sub-agent calls.', labelNames: ['kind', 'name', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #effectsTotal = new Counter({ name: 'colloquy_actions_total', help: 'Custom actions, MCP tool steps and sub-agent calls, by outcome.', labelNames: ['kind', 'name', 'outcome'], registers: [this.registry] });
  readonly #patterns = new Counter({ name: 'colloquy_patterns_triggered_total', help: 'Starts of pattern_internal_error, pattern_cannot_handle and pattern_human_handoff.', labelNames: ['pattern'], registers: [this.registry] });
  readonly #events = new Counter({ name: 'colloquy_tracker_events_total', help: 'Tracker events saved.', registers: [this.registry] });
  readonly #tokens = new Counter({ name: 'colloquy_llm_tokens_total', help: 'LLM tokens of command generation, by model and direction.', labelNames: ['model', 'direction'], registers: [this.registry] });
  readonly #llm = new Histogram({ name: 'colloquy_llm_request_duration_seconds', help: 'LLM completion latency of command generation, by model and outcome.', labelNames: ['model', 'outcome'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #inFlight = new Gauge({ name: 'colloquy_turns_in_progress', help: 'Turns being processed right now.', registers: [this.registry] });
  readonly #a2aTasks = new Counter({ name: 'colloquy_a2a_tasks_total', help: 'A2A tasks served, by the state they reached.', labelNames: ['state'], registers: [this.registry] });
  readonly #voice = new Histogram({ name: 'colloquy_voice_latency_seconds', help: 'Latency of spoken bot messages by stage: asr (first interim → final), processing (final → TTS), tts_first_byte, tts_complete, response (processing + TTS first byte).', labelNames: ['stage'], buckets: LATENCY_BUCKETS, registers: [this.registry] });
  readonly #storeErrors = new Counter({ name: 'colloquy_store_errors_total', help: 'Failed store operations, by store and operation.', labelNames: ['store', 'operation'], registers: [this.registry] });

  constructor(options: PrometheusMetricsOptions = {}) {
    this.#now = options.now ?? Date.now;
    const active: Gauge = new Gauge({
      name: 'colloquy_active_conversations',
      help: 'Conversations with a turn on this replica in the last 5 minutes.',
      registers: [this.registry],
      collect: () => {
        this.#prune(this.#now());
        active.set(this.#lastTurn.size);
      },
    });
    if (options.processMetrics ?? true) collectDefaultMetrics({ register: this.registry });
  }

  /** No async function: one `then` on the work's own promise records the phase. */
  phase<T>(info: PhaseInfo, work: () => Promise<T>, outcome?: (result: T) => PhaseOutcome): Promise<T> {
    const started = performance.now();
    if (info.phase === 'turn') {
      this.#inFlight.inc();
      this.#markActive(info.senderId);
    }
    let running: Promise<T>;
    try {
      running = work();
    } catch (error) {
      running = Promise.reject(error as Error);
    }
    return running.then(
      (value) => {
        this.#record(info, outcome ? outcome(value) : 'ok', (performance.now() - started) / 1000);
        return value;
      },
      (error: unknown) => {
        this.#record(info, 'error', (performance.now() - started) / 1000);
        throw error;
      },
    );
  }

  saved(state: ConversationState, fromIndex: number): void {
    const events = state.events;
    this.#events.inc(Math.max(0, events.length - fromIndex));
    for (let i = fromIndex; i < events.length; i++) {
      const event = events[i]!;
      if (event.event === 'flow_started' && WATCHED_PATTERNS.has(event.flow_id)) this.#patterns.inc({ pattern: event.flow_id });
      const latency = voiceLatencyOf(event);
      if (latency) for (const [stage, ms] of Object.entries(latency)) this.#voice.observe({ stage }, ms / 1000);
    }
  }

  /** An A2A task reached `state` (final status updates only). */
  a2aTask(state: string): void {
    this.#a2aTasks.inc({ state });
  }

  storeError(store: string, operation: string): void {
    this.#storeErrors.inc({ store, operation });
  }

  /** The client, counting the tokens and latency of every completion. */
  observeLlm(client: LlmClient, model: string): LlmClient {
    return {
      complete: async (messages, options) => {
        const started = performance.now();
        try {
          const completion = await client.complete(messages, options);
          const labels = { model: completion.model || model };
          this.#llm.observe({ ...labels, outcome: 'ok' }, (performance.now() - started) / 1000);
          if (completion.usage) {
            this.#tokens.inc({ ...labels, direction: 'input' }, completion.usage.inputTokens);
            this.#tokens.inc({ ...labels, direction: 'output' }, completion.usage.outputTokens);
          }
          return completion;
        } catch (error) {
          this.#llm.observe({ model, outcome: 'error' }, (performance.now() - started) / 1000);
          throw error;
        }
      },
    };
  }

  /** The Prometheus text exposition and its content type. */
  async scrape(): Promise<{ contentType: string; body: string }> {
    return { contentType: this.registry.contentType, body: await this.registry.metrics() };
  }

  #record(info: PhaseInfo, outcome: PhaseOutcome, seconds: number): void {
    switch (info.phase) {
      case 'turn':
        this.#inFlight.dec();
        this.#turns.observe({ channel: info.channel ?? 'unknown', outcome }, seconds);
        return;
      case 'understand':
        this.#understanding.observe({ channel: info.channel ?? 'unknown', outcome }, seconds);
        return;
      default: {
        const labels = { kind: info.phase, name: info.name ?? '', outcome };
        this.#effects.observe(labels, seconds);
        this.#effectsTotal.inc(labels);
      }
    }
  }

  #markActive(senderId: string): void {
    const now = this.#now();
    // Re-inserting keeps the map in order of latest turn, so pruning stops at the first recent one.
    this.#lastTurn.delete(senderId);
    this.#lastTurn.set(senderId, now);
    this.#prune(now);
  }

  #prune(now: number): void {
    for (const [id, at] of this.#lastTurn) {
      if (now - at < ACTIVE_WINDOW_MS) break;
      this.#lastTurn.delete(id);
    }
  }
}
