/**
 * Child process of the lock store tests: opens the lock store described by the JSON argument (as
 * `createLockStore` takes it), takes the lock of `key` with `ttlMs`, prints `held`, and keeps running
 * (heartbeat and all) until the test kills it.
 */
import { createLockStore } from '../../src/adapters/stores/store-factory.ts';
import type { LockHolderSpec } from './lock-store.contract.ts';

const spec = JSON.parse(process.argv[2] as string) as LockHolderSpec & { readonly key: string; readonly ttlMs: number };
const store = await createLockStore(spec.lockStore, { trackerStore: spec.trackerStore, projectRoot: spec.projectRoot });
await store.acquire(spec.key, { ttlMs: spec.ttlMs, waitMs: 10_000 });
process.stdout.write('held\n');
setInterval(() => undefined, 60_000);
