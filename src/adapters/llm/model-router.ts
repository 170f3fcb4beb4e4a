/**
 * The router of a model group with several models (endpoints.yml `router:`): picks the model for each
 * call by the group's strategy and fails over to the others when it fails. State (calls in flight,
 * latencies, tokens per minute, cooldowns) is kept per process.
 * @module
 */
import type { ModelRouterSettings } from '../../core/assistant.ts';

interface ModelStats {
  inFlight: number;
  /** Moving average of successful call durations, ms; undefined until one succeeded. */
  latencyMs: number | undefined;
  /** Tokens used in the minute `minute` (usage-based routing). */
  tokens: number;
  minute: number;
  /** When the model last started a call (ties go to the one idle longest). */
  lastPicked: number;
  coolingUntil: number;
}

export interface RouterOptions {
  /** Relative weights for simple-shuffle (a model's `weight`, `rpm` or `tpm`), one per model. */
  readonly weights: readonly number[];
  readonly now?: () => number;
  readonly random?: () => number;
}

/** Latency samples weigh this much in the moving average. */
const LATENCY_SMOOTHING = 0.3;

export class ModelRouter {
  readonly #settings: ModelRouterSettings;
  readonly #weights: readonly number[];
  readonly #stats: ModelStats[];
  readonly #now: () => number;
  readonly #random: () => number;
  #turn = 0;
  #picks = 0;

  constructor(settings: ModelRouterSettings, options: RouterOptions) {
    this.#settings = settings;
    this.#weights = options.weights;
    this.#now = options.now ?? Date.now;
    this.#random = options.random ?? Math.random;
    this.#stats = options.weights.map(() => ({ inFlight: 0, latencyMs: undefined, tokens: 0, minute: 0, lastPicked: 0, coolingUntil: 0 }));
  }

  /**
   * Runs `attempt` on the model the strategy picks; when it throws, on the next one, until one
   * succeeds. A model that failed cools down: it is tried after the others for `cooldown_time`.
   * Throws the last error when every model failed, or at once when `signal` was aborted.
   */
  async run<T>(attempt: (model: number) => Promise<T>, tokensOf?: (result: T) => number, signal?: AbortSignal): Promise<T> {
    let lastError: unknown;
    for (const model of this.order()) {
      const stats = this.#stats[model]!;
      const started = this.#now();
      stats.inFlight++;
      stats.lastPicked = ++this.#picks;
      try {
        const result = await attempt(model);
        this.#succeeded(stats, this.#now() - started, tokensOf?.(result) ?? 0);
        return result;
      } catch (error) {
        if (signal?.aborted) throw error;
        stats.coolingUntil = this.#now() + this.#settings.cooldownTime * 1000;
        lastError = error;
      } finally {
        stats.inFlight--;
      }
    }
    throw lastError;
  }

  /** Every model, in the order a call tries them: available ones by strategy, then those cooling down. */
  order(): number[] {
    const now = this.#now();
    const all = this.#stats.map((_, i) => i);
    const ready = all.filter((i) => this.#stats[i]!.coolingUntil <= now);
    const cooling = all.filter((i) => this.#stats[i]!.coolingUntil > now).sort((a, b) => this.#stats[a]!.coolingUntil - this.#stats[b]!.coolingUntil);
    return [...this.#byStrategy(ready), ...cooling];
  }

  #byStrategy(models: number[]): number[] {
    if (models.length <= 1) return models;
    const stats = this.#stats;
    const idleLongest = (a: number, b: number) => stats[a]!.lastPicked - stats[b]!.lastPicked;
    switch (this.#settings.routingStrategy) {
      case 'round-robin': {
        const start = this.#turn++ % models.length;
        return [...models.slice(start), ...models.slice(0, start)];
      }
      case 'least-busy':
        return [...models].sort((a, b) => stats[a]!.inFlight - stats[b]!.inFlight || idleLongest(a, b));
      case 'latency-based-routing':
        // Untried models first, so that every model gets measured.
        return [...models].sort((a, b) => (stats[a]!.latencyMs ?? -1) - (stats[b]!.latencyMs ?? -1) || idleLongest(a, b));
      case 'usage-based-routing':
      case 'usage-based-routing-v2': {
        const minute = Math.floor(this.#now() / 60_000);
        const used = (i: number) => (stats[i]!.minute === minute ? stats[i]!.tokens : 0);
        return [...models].sort((a, b) => used(a) - used(b) || idleLongest(a, b));
      }
      case 'simple-shuffle':
        return this.#weightedShuffle(models);
    }
  }

  /** A weighted random order: each next model drawn in proportion to its weight. */
  #weightedShuffle(models: number[]): number[] {
    const left = [...models];
    const order: number[] = [];
    while (left.length > 0) {
      const total = left.reduce((sum, i) => sum + this.#weights[i]!, 0);
      let draw = this.#random() * total;
      let index = left.findIndex((i) => (draw -= this.#weights[i]!) < 0);
      if (index < 0) index = left.length - 1;
      order.push(...left.splice(index, 1));
    }
    return order;
  }

  #succeeded(stats: ModelStats, ms: number, tokens: number): void {
    stats.coolingUntil = 0;
    stats.latencyMs = stats.latencyMs === undefined ? ms : stats.latencyMs + LATENCY_SMOOTHING * (ms - stats.latencyMs);
    const minute = Math.floor(this.#now() / 60_000);
    if (stats.minute !== minute) {
      stats.minute = minute;
      stats.tokens = 0;
    }
    stats.tokens += tokens;
  }
}
