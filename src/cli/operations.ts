/**
 * The operations side of a runtime, from endpoints.yml: tracing (`tracing`), Prometheus metrics
 * (`metrics: {type: prometheus}`) and the event broker (`event_broker`). All watch the turn
 * processor through one RuntimeObserver; metrics and tracing also wrap the LLM clients, and metrics
 * count store errors.
 * @module
 */
import type { InspectionLog } from '../adapters/inspection/inspection-log.ts';
import type { Logger } from 'pino';
import type { Assistant, ModelConfig, ModelGroup } from '../core/assistant.ts';
import type { PrometheusMetrics } from '../adapters/metrics/prometheus-metrics.ts';
import type { OtelTracing, TracingConfig } from '../adapters/tracing/otel-tracing.ts';
import type { LlmClient } from '../ports/llm-client.ts';
import { combineObservers, type RuntimeObserver } from '../ports/runtime-observer.ts';

export interface Operations {
  readonly observer: RuntimeObserver;
  /** Present when `metrics: {type: prometheus}` is configured. */
  readonly metrics?: PrometheusMetrics;
  /** Present when `tracing:` is configured (and `OTEL_SDK_DISABLED` is not `true`). */
  readonly tracing?: OtelTracing;
  /** The command generator's LLM client, measured and traced as configured. */
  observeLlm(client: LlmClient, model: ModelConfig | ModelGroup): LlmClient;
  /** Wraps a store so its failures are counted (identity without metrics). */
  watchStore<T extends object>(store: T, name: string): T;
  close(): Promise<void>;
}

/** `metrics.type` of endpoints.yml; Rasa's key, where Rasa knows only `otlp`. */
export function metricsType(assistant: Assistant): string | undefined {
  const metrics = assistant.endpoints.other.metrics as { type?: unknown } | null | undefined;
  return typeof metrics?.type === 'string' ? metrics.type : undefined;
}

export async function openOperations(assistant: Assistant, options: { readonly logger: Logger; readonly broker: boolean; readonly inspection?: InspectionLog }): Promise<Operations> {
  const { logger } = options;
  const type = metricsType(assistant);
  const metrics = type === 'prometheus' ? new (await import('../adapters/metrics/prometheus-metrics.ts')).PrometheusMetrics() : undefined;
  if (type !== undefined && type !== 'prometheus') logger.warn({ type }, "endpoints.yml metrics: only 'type: prometheus' (GET /metrics) is supported; metrics are off");
  const brokerConfig = options.broker ? assistant.endpoints.eventBroker : undefined;
  const broker = brokerConfig ? await (await import('../adapters/brokers/create-event-broker.ts')).createEventBroker(brokerConfig, { projectRoot: assistant.root, logger }) : undefined;
  const tracingConfig = assistant.endpoints.other.tracing;
  const tracing =
    tracingConfig && typeof tracingConfig === 'object' && process.env.OTEL_SDK_DISABLED !== 'true'
      ? (await import('../adapters/tracing/otel-tracing.ts')).OtelTracing.fromConfig(tracingConfig as TracingConfig, { assistantId: assistant.config.assistantId, actionServer: assistant.endpoints.actionEndpoint?.url !== undefined })
      : undefined;
  const countErrors = metrics ? (await import('../adapters/metrics/count-store-errors.ts')).countStoreErrors : undefined;
  return {
    // The inspection log is outermost: it opens the turn that LLM calls inside it are recorded on.
    observer: combineObservers([...(options.inspection ? [options.inspection] : []), ...(tracing ? [tracing] : []), ...(metrics ? [metrics] : []), ...(broker ? [broker.observer] : [])]),
    ...(metrics ? { metrics } : {}),
    ...(tracing ? { tracing } : {}),
    observeLlm(client, model) {
      const [name, provider] = 'models' in model ? [model.id, model.models[0]?.provider ?? ''] : [model.model, model.provider];
      const recorded = options.inspection ? options.inspection.observeLlm(client, name) : client;
      const measured = metrics ? metrics.observeLlm(recorded, name) : recorded;
      return tracing ? tracing.observeLlm(measured, name, provider) : measured;
    },
    watchStore: (store, name) => (countErrors && metrics ? countErrors(store, name, (s, op) => metrics.storeError(s, op)) : store),
    close: async () => {
      await broker?.close();
      await tracing?.close();
    },
  };
}
