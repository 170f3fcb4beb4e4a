/**
 * The behaviour every KeyValueStore must have. Each implementation runs it from its own test file.
 * @module
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import type { KeyValueStore } from '../../src/ports/key-value-store.ts';
import { useStoreFixture, type SharedStoreFixture } from './store-fixture.ts';

export type KeyValueStoreFixture = SharedStoreFixture<KeyValueStore>;

export function describeKeyValueStoreContract(name: string, makeFixture: () => Promise<KeyValueStoreFixture>): void {
  describe(`KeyValueStore contract: ${name}`, () => {
    const { open, fixture } = useStoreFixture<KeyValueStore, KeyValueStoreFixture>(makeFixture);

    it('gets what was set, overwrites, deletes, and returns undefined for unknown keys', async () => {
      const store = await open();
      expect(await store.get('task:1')).toBeUndefined();
      const value = JSON.stringify({ id: 'task-1', status: { state: 'working' }, text: 'Grüße 🌍' });
      await store.set('task:1', value);
      expect(await store.get('task:1')).toBe(value);
      await store.set('task:1', 'v2');
      expect(await store.get('task:1')).toBe('v2');
      await store.delete('task:1');
      await store.delete('task:never');
      expect(await store.get('task:1')).toBeUndefined();
    });

    it('expires a value after its ttl, and keeps a value without ttl', async () => {
      const store = await open();
      await store.set('short', 'x', 150);
      await store.set('forever', 'y');
      expect(await store.get('short')).toBe('x');
      await sleep(300);
      expect(await store.get('short')).toBeUndefined();
      expect(await store.keysWithPrefix('')).toEqual(['forever']);
      expect(await store.get('forever')).toBe('y');
    });

    it('setIfAbsent claims a free key once, leaves a taken key alone, and reclaims an expired one', async () => {
      const store = await open();
      expect(await store.setIfAbsent('msg:1', 'first', 150)).toBe(true);
      expect(await store.setIfAbsent('msg:1', 'second')).toBe(false);
      expect(await store.get('msg:1')).toBe('first');
      await sleep(300);
      expect(await store.setIfAbsent('msg:1', 'third')).toBe(true);
      expect(await store.get('msg:1')).toBe('third');
    });

    it('setIfAbsent lets exactly one of 50 concurrent claimants win', async () => {
      const first = await open();
      const second = fixture().shared ? await open() : first;
      const claims = await Promise.all(
        Array.from({ length: 50 }, (_, i) => (i % 2 === 0 ? first : second).setIfAbsent('dedup:m-1', `claimant-${i}`, 10_000)),
      );
      expect(claims.filter(Boolean)).toHaveLength(1);
      expect(await first.get('dedup:m-1')).toBe(`claimant-${claims.indexOf(true)}`);
    });

    it('lists the keys with a prefix, literally (no glob or LIKE patterns)', async () => {
      const store = await open();
      for (const key of ['push:t1:a', 'push:t1:b', 'push:t10:c', 'push:t2:d', 'push:*[x]?%_:e', 'push:*[x]?%_:f', 'other']) await store.set(key, '1');
      expect((await store.keysWithPrefix('push:t1:')).sort()).toEqual(['push:t1:a', 'push:t1:b']);
      expect((await store.keysWithPrefix('push:*[x]?%_:')).sort()).toEqual(['push:*[x]?%_:e', 'push:*[x]?%_:f']);
      expect(await store.keysWithPrefix('none:')).toEqual([]);
    });

    it('shares keys between stores on the same backend', async (context) => {
      if (!fixture().shared) context.skip('one-process stores share nothing between instances by design');
      const writer = await open();
      const reader = await open();
      await writer.set('task:9', 'done', 10_000);
      expect(await reader.get('task:9')).toBe('done');
    });
  });
}
