/**
 * Wraps a store (tracker, lock or key-value) so every rejected operation is counted, then rethrown
 * unchanged. Works on any store port: each method that returns a promise is watched.
 * @module
 */

export type StoreErrorCounter = (store: string, operation: string) => void;

export function countStoreErrors<T extends object>(target: T, store: string, count: StoreErrorCounter): T {
  return new Proxy(target, {
    get(object, property) {
      // The store itself as `this` (not the proxy): stores keep their state in private fields.
      const value: unknown = Reflect.get(object, property);
      if (typeof value !== 'function' || typeof property !== 'string') return value;
      return (...args: unknown[]) => {
        const result: unknown = value.apply(object, args);
        if (!(result instanceof Promise)) return result;
        return result.catch((error: unknown) => {
          count(store, property);
          throw error;
        });
      };
    },
  });
}
