/**
 * Wraps a store (tracker, lock or key-value) so every rejected operation is counted, then rethrown
 * unchanged. Works on any store port: each method that returns a promise is watched.
 * @module
 */

export type StoreErrorCounter = (store: string, operation: string) => void;

export function countStoreErrors<T extends object>(target: T, store: string, count: StoreErrorCounter): T {
  // One wrapper per method, made on first use: stores are called several times per turn.
  const wrappers = new Map<string, { readonly method: (...args: unknown[]) => unknown; readonly wrapper: (...args: unknown[]) => unknown }>();
  return new Proxy(target, {
    get(object, property) {
      // The store itself as `this` (not the proxy): stores keep their state in private fields.
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      const known = wrappers.get(property);
      if (known?.method === value) return known.wrapper;
      const method = value as (...args: unknown[]) => unknown;
      const wrapper = (...args: unknown[]) => {
        const result: unknown = method.apply(object, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          count(store, property);
          throw error;
        });
      };
      wrappers.set(property, { method, wrapper });
      return wrapper;
    },
  });
}
