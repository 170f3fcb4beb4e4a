import { describe, expect, it } from 'vitest';
import { describeKeyValueStoreContract } from '../../../test/contracts/kv-store.contract.ts';
import { inProcessFixture } from '../../../test/contracts/store-fixture.ts';
import { MemoryKeyValueStore } from './memory-key-value-store.ts';

describeKeyValueStoreContract('memory', inProcessFixture(() => new MemoryKeyValueStore()));

describe('memory key-value store', () => {
  it('evicts expired entries first, then the least recently written, to stay within its cap', async () => {
    let now = 0;
    const store = new MemoryKeyValueStore({ maxEntries: 3, now: () => now });
    await store.set('old', '1');
    await store.set('expiring', '2', 10);
    await store.set('newer', '3');
    now = 20;
    await store.set('fourth', '4');
    expect((await store.keysWithPrefix('')).sort()).toEqual(['fourth', 'newer', 'old']);
    await store.set('old', 'rewritten');
    await store.set('fifth', '5');
    expect((await store.keysWithPrefix('')).sort()).toEqual(['fifth', 'fourth', 'old']);
  });

  it('at its cap, does not visit every entry on every write (a flood costs O(1) per write)', async () => {
    let clockReads = 0; // one per sweep of the whole store; writes without a TTL read no clock
    const store = new MemoryKeyValueStore({ maxEntries: 1_000, now: () => (clockReads++, 0) });
    for (let i = 0; i < 6_000; i++) await store.set(`flood:${i}`, 'x');
    expect(store.size).toBe(1_000);
    expect(clockReads).toBeLessThan(20);
  });

  it('sweeps expired entries nobody reads again, long before the cap', async () => {
    let now = 0;
    const store = new MemoryKeyValueStore({ now: () => now });
    for (let i = 0; i < 500; i++) await store.set(`dedup:${i}`, 'x', 10);
    now = 20;
    for (let i = 0; i < 500; i++) await store.set(`task:${i}`, 'y');
    expect(store.size).toBe(500);
  });

  it('sweeps a few entries per write, never the whole store at once', async () => {
    let now = 0;
    const store = new MemoryKeyValueStore({ now: () => now });
    for (let i = 0; i < 10_000; i++) await store.set(`dedup:${i}`, 'x', 10);
    now = 20;
    for (let i = 0; i < 100; i++) await store.set(`task:${i}`, 'y');
    const swept = 10_100 - store.size;
    expect(swept).toBeGreaterThan(0);
    expect(swept).toBeLessThanOrEqual(100 * 4);
    for (let i = 100; i < 3_100; i++) await store.set(`task:${i}`, 'y');
    expect(store.size).toBe(3_100);
  });
});
