/**
 * The lifecycle the store contract suites share: a fresh fixture per test, and every store the test
 * opened closed before the fixture is disposed.
 * @module
 */
import { afterEach, beforeEach } from 'vitest';

interface Closable {
  close(): Promise<void>;
}

export interface StoreFixture<Store extends Closable> {
  open(...args: never[]): Promise<Store>;
  dispose(): Promise<void>;
}

/** Fresh, isolated storage for one test (a key space, a lock namespace) that replicas may share. */
export interface SharedStoreFixture<Store extends Closable> {
  /** Opens a store on this fixture's storage. */
  open(): Promise<Store>;
  /** True when stores from separate `open()` calls share the storage as two replicas would (Redis, SQL), false for one-process stores. */
  readonly shared: boolean;
  dispose(): Promise<void>;
}

/** The fixture of a one-process store: every `open()` makes a new, unshared store. */
export function inProcessFixture<Store extends Closable>(create: () => Store): () => Promise<SharedStoreFixture<Store>> {
  return async () => ({ open: async () => create(), shared: false, dispose: async () => {} });
}

export interface FixtureStores<Store extends Closable, Fixture extends StoreFixture<Store>> {
  /** The current test's fixture. */
  fixture(): Fixture;
  /** Opens a store on the fixture; it is closed after the test. */
  open(...args: Parameters<Fixture['open']>): Promise<Store>;
  /** Closes a store during the test. */
  close(store: Store): Promise<void>;
}

/** Call inside `describe`: registers the `beforeEach`/`afterEach` hooks. */
export function useStoreFixture<Store extends Closable, Fixture extends StoreFixture<Store>>(makeFixture: () => Promise<Fixture>): FixtureStores<Store, Fixture> {
  let fixture: Fixture | undefined;
  let opened: Store[] = [];
  beforeEach(async () => {
    fixture = await makeFixture();
  });
  afterEach(async () => {
    for (const store of opened) await store.close();
    opened = [];
    await fixture?.dispose();
  });
  const current = (): Fixture => {
    if (!fixture) throw new Error('the store fixture exists only while a test runs');
    return fixture;
  };
  return {
    fixture: current,
    async open(...args) {
      const store = await current().open(...args);
      opened.push(store);
      return store;
    },
    async close(store) {
      opened = opened.filter((s) => s !== store);
      await store.close();
    },
  };
}
