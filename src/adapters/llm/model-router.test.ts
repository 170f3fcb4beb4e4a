import { describe, expect, it } from 'vitest';
import type { ModelRouterSettings, RoutingStrategy } from '../../core/assistant.ts';
import { ModelRouter } from './model-router.ts';

const settings = (routingStrategy: RoutingStrategy, cooldownTime = 5): ModelRouterSettings => ({ routingStrategy, cacheResponses: false, cooldownTime });

describe('ModelRouter strategies', () => {
  it('latency-based-routing tries unmeasured models first, then the fastest', async () => {
    let now = 0;
    const router = new ModelRouter(settings('latency-based-routing'), { weights: [1, 1], now: () => now });
    const took = [50, 10];
    const call = () => router.run(async (i) => ((now += took[i]!), i));
    expect([await call(), await call()]).toEqual([0, 1]);
    expect([await call(), await call()]).toEqual([1, 1]);
  });

  it('usage-based-routing picks the model that used the fewest tokens this minute', async () => {
    let now = 0;
    const router = new ModelRouter(settings('usage-based-routing-v2'), { weights: [1, 1], now: () => now });
    const tokens = [100, 10];
    const call = () => router.run(async (i) => i, (i) => tokens[i]!);
    expect([await call(), await call(), await call(), await call()]).toEqual([0, 1, 1, 1]);
    now = 60_000; // a new minute starts from zero
    expect(await call()).toBe(0);
  });

  it('simple-shuffle draws in proportion to the weights', async () => {
    const draws = [0.1, 0.5, 0.9];
    let n = 0;
    const router = new ModelRouter(settings('simple-shuffle'), { weights: [1, 3], random: () => draws[n++ % draws.length]! });
    // weight 1 of 4 → draws below 0.25 pick the first model
    expect([await router.run(async (i) => i), await router.run(async (i) => i), await router.run(async (i) => i)]).toEqual([0, 1, 1]);
  });

  it('orders a failed model last until its cooldown has passed', async () => {
    let now = 0;
    const router = new ModelRouter(settings('round-robin', 2), { weights: [1, 1], now: () => now });
    const tried: number[] = [];
    await router.run(async (i) => {
      tried.push(i);
      if (i === 0) throw new Error('down');
      return i;
    });
    expect(tried).toEqual([0, 1]);
    expect(router.order()).toEqual([1, 0]);
    expect(router.order()).toEqual([1, 0]);
    now = 2_001;
    expect(router.order().sort()).toEqual([0, 1]);
  });

  it('does not fail over once the caller aborted', async () => {
    const router = new ModelRouter(settings('round-robin'), { weights: [1, 1] });
    const controller = new AbortController();
    const tried: number[] = [];
    const run = router.run(
      async (i) => {
        tried.push(i);
        controller.abort();
        throw new Error('aborted');
      },
      undefined,
      controller.signal,
    );
    await expect(run).rejects.toThrow('aborted');
    expect(tried).toEqual([0]);
  });
});
