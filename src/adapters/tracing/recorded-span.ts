/**
 * Spans recorded by colloquy itself, in the shape the SDK's span processors and OTLP exporters read
 * (`ReadableSpan`). The SDK's tracer pays per span for what colloquy never uses (links, limits,
 * attribute sanitising, id validation, its own span metrics, a context object per span) and was most
 * of what tracing cost on a fast turn; sampling, batching and export stay the SDK's.
 * @module
 */
import { randomBytes } from 'node:crypto';
import { SpanKind, SpanStatusCode, type Attributes, type HrTime, type Link, type SpanContext, type SpanStatus } from '@opentelemetry/api';
import { hrTime, millisToHrTime, type InstrumentationScope } from '@opentelemetry/core';
import type { Resource } from '@opentelemetry/resources';
import type { ReadableSpan, TimedEvent } from '@opentelemetry/sdk-trace';

/** Random hex drawn 4 KiB at a time: an id is a slice of it (no buffer, no encoding per id). */
let pool = '';
let used = 0;
function randomHex(length: number): string {
  if (used + length > pool.length) {
    pool = randomBytes(4096).toString('hex');
    used = 0;
  }
  return pool.slice(used, (used += length));
}

export const newTraceId = (): string => randomHex(32);
export const newSpanId = (): string => randomHex(16);

const UNSET: SpanStatus = { code: SpanStatusCode.UNSET };
const NONE: readonly never[] = Object.freeze([]);

/**
 * Times are kept as `performance.now()` and made `HrTime`s when read (by the exporter, once): a
 * span that is ended costs two clock reads.
 */
export class RecordedSpan implements ReadableSpan {
  readonly #start = performance.now();
  #end = -1;
  status: SpanStatus = UNSET;
  events: TimedEvent[] = NONE as never[];

  constructor(
    readonly name: string,
    readonly context: SpanContext,
    readonly parentSpanContext: SpanContext | undefined,
    public attributes: Attributes,
    readonly resource: Resource,
    readonly instrumentationScope: InstrumentationScope,
  ) {}

  get startTime(): HrTime {
    return hrTime(this.#start);
  }
  get endTime(): HrTime {
    return hrTime(this.#end);
  }
  get duration(): HrTime {
    return millisToHrTime(this.#end - this.#start);
  }
  get ended(): boolean {
    return this.#end >= 0;
  }
  get kind(): SpanKind {
    return SpanKind.INTERNAL;
  }
  get links(): Link[] {
    return NONE as never[];
  }
  get droppedAttributesCount(): number {
    return 0;
  }
  get droppedEventsCount(): number {
    return 0;
  }
  get droppedLinksCount(): number {
    return 0;
  }

  spanContext(): SpanContext {
    return this.context;
  }

  setAttributes(attributes: Attributes): void {
    this.attributes = { ...this.attributes, ...attributes };
  }

  setError(message: string): void {
    this.status = { code: SpanStatusCode.ERROR, message };
  }

  /** Marks the span failed with `error`, as an `exception` event (the semantic conventions' attributes). */
  fail(error: unknown): void {
    const { name, message, stack, code } = error instanceof Error ? (error as Error & { code?: unknown }) : { name: 'Error', message: String(error), stack: undefined, code: undefined };
    this.setError(message);
    const attributes = { 'exception.type': code ? String(code) : name, 'exception.message': message, ...(stack ? { 'exception.stacktrace': stack } : {}) };
    this.events = [{ name: 'exception', time: hrTime(), attributes, droppedAttributesCount: 0 }];
  }

  end(): void {
    this.#end = performance.now();
  }
}
