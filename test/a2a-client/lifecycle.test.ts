/**
 * Background tasks are cancelled per conversation (in flight and waiting for input), and a
 * customisation module (`configuration.module`) reshapes input and output.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { pause, startPeer, type Peer } from './peers.ts';

let p: Peer;
const seen: { text: string; data: readonly unknown[]; metadata: unknown }[] = [];
beforeAll(async () => {
  p = await startPeer({
    streaming: true,
    script: async (input, emit) => {
      seen.push({ text: input.text, data: input.data, metadata: input.metadata });
      if (input.text.includes('slow')) {
        emit.task('working', 'on it');
        await pause(60_000, input.signal);
        return;
      }
      if (!input.existing) return emit.task('input-required', 'Which colour?');
      emit.task('working');
      emit.artifact('order', [{ data: { slots: { order_id: 'A-1' }, total: 99 } }]);
      emit.status('completed', 'Ordered.');
    },
  });
});
afterAll(async () => p.close());

describe('cancelBackgroundTasks', () => {
  it('stops a turn in flight and cancels its remote task', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const running = client.run('shop', agentInput('slow please'), turn({}, { senderId: 'alice' }));
    await expect.poll(() => p.requests.filter((r) => r.method === 'SendStreamingMessage').length).toBeGreaterThan(0);
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await client.cancelBackgroundTasks?.('alice');
    const out = await running;
    expect(Date.now() - started).toBeLessThan(1000);
    expect(out).toMatchObject({ status: 'fatal_error', error_message: expect.stringMatching(/background tasks were cancelled/) });
    await expect.poll(() => p.cancelled.size).toBe(1);
  });

  it('cancels a task waiting for input, and only for that conversation', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const bob = await client.run('shop', agentInput('buy'), turn({}, { senderId: 'bob' }));
    const carol = await client.run('shop', agentInput('buy'), turn({}, { senderId: 'carol' }));
    const before = p.cancelled.size;
    await client.cancelBackgroundTasks?.('bob');
    await expect.poll(() => p.cancelled.size).toBe(before + 1);
    expect(p.cancelled.has(String(bob.metadata?.task_id))).toBe(true);
    expect(p.cancelled.has(String(carol.metadata?.task_id))).toBe(false);
  });
});

describe('customisation module', () => {
  const root = mkdtempSync(join(tmpdir(), 'a2a-module-'));
  const base = new URL('../../src/adapters/agents/a2a/index.ts', import.meta.url).pathname;
  mkdirSync(join(root, 'sub_agents', 'shop'), { recursive: true });
  writeFileSync(
    join(root, 'sub_agents', 'shop', 'custom_agent.ts'),
    `import { A2aAgentCustomization } from '${base}';
export class ShopAgent extends A2aAgentCustomization {
  processInput(input) { return { ...input, slots: input.slots.filter((s) => s.name !== 'pin'), metadata: { ...input.metadata, channel: 'web' } }; }
  async processOutput(output) {
    const base = await super.processOutput(output);
    if (base.status !== 'completed') return base;
    return { ...base, slots: { ...base.slots, budget: base.structured_results.at(-1)[0].result.total } };
  }
}
`,
  );

  it.each([['sub_agents.shop.custom_agent.ShopAgent'], ['sub_agents/shop/custom_agent.ts#ShopAgent']])('%s filters input and adds output slots', async (module) => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { module })], root));
    const slots = [
      { name: 'pin', value: '1234', type: 'text' },
      { name: 'car_model', value: 'Golf', type: 'text' },
    ];
    const first = await client.run('shop', agentInput('buy', {}, slots), turn());
    expect(seen.at(-1)?.data).toEqual([{ slots: [{ name: 'car_model', value: 'Golf' }] }]);
    expect(seen.at(-1)?.metadata).toEqual({ channel: 'web' });
    const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
    const done = await client.run('shop', agentInput('red', ids), turn(ids));
    // `order_id` comes from the DataPart's `slots` object (default processOutput), `budget` from the module.
    expect(done).toMatchObject({ status: 'completed', response_message: 'Ordered.', slots: { order_id: 'A-1', budget: 99 } });
  });

  it('a module that does not exist is a fatal_error naming it', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { module: 'sub_agents.shop.nothing.Agent' })], root));
    expect((await client.run('shop', agentInput('x'), turn())).error_message).toMatch(/module 'sub_agents.shop.nothing.Agent' not found/);
  });
});
