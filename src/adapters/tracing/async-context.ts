/**
 * The OpenTelemetry context carried across `await`s with AsyncLocalStorage, so a span started in
 * a turn is the parent of spans (and of the `traceparent` header) started deeper down.
 * @module
 */
import { AsyncLocalStorage } from 'node:async_hooks';
import { ROOT_CONTEXT, trace, type Context, type ContextManager } from '@opentelemetry/api';

export class AsyncContextManager implements ContextManager {
  readonly #storage = new AsyncLocalStorage<Context>();

  active(): Context {
    return this.#storage.getStore() ?? ROOT_CONTEXT;
  }

  with<A extends unknown[], F extends (...args: A) => ReturnType<F>>(context: Context, fn: F, thisArg?: ThisParameterType<F>, ...args: A): ReturnType<F> {
    // Entering AsyncLocalStorage once turns on a hook on every promise for good (Node 20). The SDK
    // enters a span-less context to export (tracing suppressed), which nothing here reads: that
    // alone must not switch the hook on.
    if (trace.getSpan(context) === undefined && this.#storage.getStore() === undefined) return fn.apply(thisArg, args);
    return this.#storage.run(context, () => fn.apply(thisArg, args));
  }

  bind<T>(context: Context, target: T): T {
    if (typeof target !== 'function') return target;
    const run = (...args: unknown[]) => this.with(context, () => (target as (...a: unknown[]) => unknown)(...args));
    return run as T;
  }

  /** Makes `context` active for the rest of the current request's async work (an incoming `traceparent`). */
  enter(context: Context): void {
    this.#storage.enterWith(context);
  }

  enable(): this {
    return this;
  }

  disable(): this {
    this.#storage.disable();
    return this;
  }
}
