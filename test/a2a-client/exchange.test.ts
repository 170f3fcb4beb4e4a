/**
 * One A2A exchange per turn against real `@a2a-js/sdk` agents: Message replies, long streamed
 * tasks, polled tasks, input-required round trips, failures, both protocol generations and both
 * transports.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { BotMessage } from '../../src/core/events.ts';
import { createA2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { a2aAgent, a2aAssistant, agentInput, turn } from './fixtures.ts';
import { pause, startPeer, type Peer, type Script } from './peers.ts';

/** Replies with Messages only: asks for a budget, echoes the slots it received. */
const chatty: Script = (input, emit) => {
  const slots = (input.data[0] as { slots?: { name: string; value: unknown }[] } | undefined)?.slots ?? [];
  emit.message(`you said: ${input.text}; slots: ${slots.map((s) => `${s.name}=${String(s.value)}`).join(',')}`);
};

/** A car search: asks for a model, then works for a while (progress texts) and completes with data. */
const carSearch: Script = async (input, emit) => {
  if (!input.existing) {
    emit.task('input-required', 'Which model are you looking for?');
    return;
  }
  emit.task('working', 'Searching dealers…');
  await pause(60, input.signal);
  emit.status('working', 'Found 3 dealers, comparing prices…');
  await pause(60, input.signal);
  emit.artifact('offer', [{ text: `Best offer for ${input.text}: 21,500 EUR` }, { data: { car_model: input.text, order_id: 'ORD-7', unrelated: 1 } }]);
  emit.status('completed', 'Done.');
};

const failing: Script = (_input, emit) => {
  emit.task('working');
  emit.status('failed', 'inventory database is down');
};

const rejecting: Script = (_input, emit) => {
  emit.task('rejected', 'I only sell cars');
};

const peers: Peer[] = [];
async function peer(...args: Parameters<typeof startPeer>): Promise<Peer> {
  const p = await startPeer(...args);
  peers.push(p);
  return p;
}
afterAll(async () => Promise.all(peers.map((p) => p.close())));

describe('Message replies', () => {
  let p: Peer;
  beforeAll(async () => (p = await peer({ script: chatty })));

  it('map to input_required with the text; the context id is kept for the next turn', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const first = await client.run('shop', agentInput('hi', {}, [{ name: 'budget', value: 30000, type: 'float' }]), turn());
    expect(first.status).toBe('input_required');
    // No context yet: the transcript goes along; slots as a DataPart.
    expect(first.response_message).toBe('you said: USER: hi; slots: budget=30000');
    const contextId = first.metadata?.context_id;
    expect(typeof contextId).toBe('string');
    expect(first.metadata?.task_id).toBeUndefined();

    const second = await client.run('shop', agentInput('a red one', { context_id: contextId }), turn({ context_id: contextId }));
    expect(second.response_message).toBe('you said: a red one; slots:');
    expect(second.metadata?.context_id).toBe(contextId);
    await client.close();
  });

  it('speaks v1.0 method names to v1.0 cards and v0.3 names to v0.3 cards', async () => {
    const v03 = await peer({ script: chatty, protocol: '0.3' });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('new', p.cardUrl), a2aAgent('old', v03.cardUrl)]));
    expect((await client.run('new', agentInput('x'), turn())).status).toBe('input_required');
    const old = await client.run('old', agentInput('x'), turn());
    expect(old.status).toBe('input_required');
    expect(old.response_message).toContain('you said');
    expect(p.requests.some((r) => r.method === 'SendMessage')).toBe(true);
    expect(v03.requests.some((r) => r.method === 'message/send')).toBe(true);
    expect(v03.requests.some((r) => r.method === 'SendMessage')).toBe(false);
  });

  it('uses the first transport the card lists (HTTP+JSON here)', async () => {
    const rest = await peer({ script: chatty, transports: ['HTTP+JSON', 'JSONRPC'] });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', rest.cardUrl)]));
    const report = await client.checkAgents();
    expect(report.agents[0]).toMatchObject({ ok: true, transport: 'HTTP+JSON', protocolVersion: '1.0' });
    expect((await client.run('shop', agentInput('x'), turn())).status).toBe('input_required');
    expect(rest.requests.some((r) => r.path.startsWith('/a2a/rest/message:send'))).toBe(true);
  });
});

describe.each([
  ['streaming', true],
  ['polling', false],
] as const)('long tasks (%s)', (_mode, streaming) => {
  let p: Peer;
  beforeAll(async () => (p = await peer({ script: carSearch, streaming })));

  it('input-required keeps the task; the answer runs to completion with progress messages and slots', async () => {
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl)]));
    const first = await client.run('shop', agentInput('I want a car'), turn());
    expect(first).toMatchObject({ status: 'input_required', response_message: 'Which model are you looking for?' });
    const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
    expect(ids.task_id).toEqual(expect.any(String));

    const interim: BotMessage[] = [];
    const done = await client.run('shop', agentInput('Model 3', ids), turn(ids, { onInterim: (m) => interim.push(m) }));
    expect(done.status).toBe('completed');
    expect(done.response_message).toBe('Done.\nBest offer for Model 3: 21,500 EUR');
    // Only domain slots are set by the default processOutput.
    expect(done.slots).toEqual({ car_model: 'Model 3', order_id: 'ORD-7' });
    expect(done.structured_results?.at(-1)).toEqual([{ name: 'shop_0_1', type: 'data', result: { car_model: 'Model 3', order_id: 'ORD-7', unrelated: 1 } }]);
    // A stream carries every status; polling reads the ones it polled past from the task's history.
    expect(interim.map((m) => m.text)).toEqual(['Searching dealers…', 'Found 3 dealers, comparing prices…']);
    expect(interim[0]?.metadata).toMatchObject({ agent_id: 'shop', task_id: ids.task_id });
    const methods = p.requests.map((r) => r.method).filter(Boolean);
    expect(methods).toContain(streaming ? 'SendStreamingMessage' : 'GetTask');
    await client.close();
  });
});

it('polling relays the progress shown only between two polls, in order, and not the final status', async () => {
  const p = await peer({ script: carSearch });
  // The first poll comes after the task completed: both progress statuses came and went before it.
  const client = createA2aAgentClient(a2aAssistant([a2aAgent('shop', p.cardUrl, { pollingInitialDelay: 0.5 })]));
  const first = await client.run('shop', agentInput('I want a car'), turn());
  const ids = { context_id: first.metadata?.context_id, task_id: first.metadata?.task_id };
  const interim: BotMessage[] = [];
  const done = await client.run('shop', agentInput('Model 3', ids), turn(ids, { onInterim: (m) => interim.push(m) }));
  expect(done.response_message).toBe('Done.\nBest offer for Model 3: 21,500 EUR');
  expect(interim.map((m) => m.text)).toEqual(['Searching dealers…', 'Found 3 dealers, comparing prices…']);
  await client.close();
});

describe('failures', () => {
  it('failed and rejected tasks end with fatal_error naming the state and reason', async () => {
    const f = await peer({ script: failing, streaming: true });
    const r = await peer({ script: rejecting });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('f', f.cardUrl), a2aAgent('r', r.cardUrl)]));
    const failed = await client.run('f', agentInput('go'), turn());
    expect(failed.status).toBe('fatal_error');
    expect(failed.error_message).toMatch(/ended failed: inventory database is down/);
    const rejected = await client.run('r', agentInput('go'), turn());
    expect(rejected.error_message).toMatch(/ended rejected: I only sell cars/);
  });

  it('a task that never settles is cancelled after max_polling_time', async () => {
    const stuck = await peer({
      script: async (input, emit) => {
        emit.task('working', 'thinking…');
        await pause(60_000, input.signal);
      },
    });
    const client = createA2aAgentClient(a2aAssistant([a2aAgent('stuck', stuck.cardUrl, { maxPollingTime: 0.4 })]));
    const started = Date.now();
    const out = await client.run('stuck', agentInput('go'), turn());
    expect(Date.now() - started).toBeLessThan(3000);
    expect(out).toMatchObject({ status: 'fatal_error', error_message: expect.stringMatching(/did not finish within max_polling_time \(0.4 s\)/) });
    await expect.poll(() => stuck.cancelled.size).toBe(1);
  });

  it('an unknown agent id is a fatal_error, not an exception', async () => {
    const client = createA2aAgentClient(a2aAssistant([]));
    expect(client.has('nope')).toBe(false);
    expect((await client.run('nope', agentInput('x'), turn())).status).toBe('fatal_error');
  });
});
