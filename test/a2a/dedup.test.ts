import { afterEach, describe, expect, it } from 'vitest';
import { FakeRuntime } from './fake-runtime.ts';
import { startHarness, msg03, msg10, type Harness } from './harness.ts';

let h: Harness;
afterEach(async () => h?.close());

describe('(contextId, messageId) dedup', () => {
  it('replays the cached task for a retried messageId without a second turn', async () => {
    h = await startHarness();
    const first = await h.rpc('message/send', { message: msg03('transfer money', 'same', 'c1') });
    const retry = await h.rpc('message/send', { message: msg03('transfer money', 'same', 'c1') });
    expect(retry.body.result).toEqual(first.body.result);
    expect(h.runtime.turnsOf('c1')).toHaveLength(1);
    // The same messageId on another context is another message.
    await h.rpc('message/send', { message: msg03('transfer money', 'same', 'c2') });
    expect(h.runtime.turnsOf('c2')).toHaveLength(1);
  });

  it('replays across generations with the v1.0 shape', async () => {
    h = await startHarness();
    const first = (await h.rpc('message/send', { message: msg03('book', 'x1', 'c3') })).body.result as { id: string };
    const retry = (await h.rpc('SendMessage', { message: msg10('book', 'x1', 'c3') }, { 'A2A-Version': '1.0' })).body.result as { task: { id: string } };
    expect(retry.task.id).toBe(first.id);
    expect(h.runtime.turnsOf('c3')).toHaveLength(1);
  });

  it('answers a concurrent duplicate with HTTP 409 while the first is in flight', async () => {
    h = await startHarness({ runtime: new FakeRuntime({ slowMs: 300 }) });
    const first = h.rpc('message/send', { message: msg03('slow transfer', 'dup', 'c4') });
    await new Promise((r) => setTimeout(r, 50));
    const second = await h.rpc('message/send', { message: msg03('slow transfer', 'dup', 'c4') });
    expect(second.status).toBe(409);
    expect(second.body).toMatchObject({ jsonrpc: '2.0', error: { code: -32032 } });
    expect((await first).status).toBe(200);
    const third = await h.rpc('message/send', { message: msg03('slow transfer', 'dup', 'c4') });
    expect(third.body.result).toEqual((await first).body.result);
    expect(h.runtime.turnsOf('c4')).toHaveLength(1);
  });

  it('forgets a message refused for bad slots, so a corrected retry runs', async () => {
    h = await startHarness();
    const bad = await h.rpc('message/send', { message: msg03('transfer', 'fix', 'c5', { slots: { amount: 'x' } }) });
    expect((bad.body.error as { code: number }).code).toBe(-32602);
    const good = await h.rpc('message/send', { message: msg03('transfer', 'fix', 'c5', { slots: { amount: 5 } }) });
    expect(good.body.result).toBeDefined();
    expect(h.runtime.turnsOf('c5')).toHaveLength(1);
  });

  it('refuses new contexts beyond max_contexts but serves known ones', async () => {
    h = await startHarness({ config: { maxContexts: 2 } });
    await h.rpc('message/send', { message: msg03('hi', 'a', 'k1') });
    await h.rpc('message/send', { message: msg03('hi', 'a', 'k2') });
    const third = await h.rpc('message/send', { message: msg03('hi', 'a', 'k3') });
    expect(third.status).toBe(429);
    expect((third.body.error as { code: number }).code).toBe(-32033);
    const known = await h.rpc('message/send', { message: msg03('hi', 'b', 'k1') });
    expect(known.status).toBe(200);
    expect(h.runtime.turnsOf('k3')).toHaveLength(0);
  });
});
