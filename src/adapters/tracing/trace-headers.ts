/**
 * Outgoing HTTP carries the current trace (W3C `traceparent`/`tracestate`) when tracing is on; with
 * tracing off the propagator is a no-op and the headers are unchanged.
 * @module
 */
import { context, propagation } from '@opentelemetry/api';

export function withTraceContext(init: ConstructorParameters<typeof Headers>[0]): Headers {
  const headers = new Headers(init);
  propagation.inject(context.active(), headers, { set: (carrier, key, value) => carrier.set(key, value) });
  return headers;
}
