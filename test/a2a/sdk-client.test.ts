/**
 * The official `@a2a-js/sdk` client (JSON-RPC and HTTP+JSON, v1.0; JSON-RPC v0.3 through its
 * legacy transport) completes multi-turn conversations against our server.
 */
import { Message, Role, TaskState } from '@a2a-js/sdk';
import { ClientFactory, ClientFactoryOptions, JsonRpcTransportFactory, RestTransportFactory, type Client } from '@a2a-js/sdk/client';
import { LegacyJsonRpcTransport } from '@a2a-js/sdk/compat/v0_3/client';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

function userMessage(text: string, messageId: string, contextId: string): Message {
  return Message.fromJSON({ messageId, contextId, role: 'ROLE_USER', parts: [{ text }] });
}

async function client(transport: 'JSONRPC' | 'HTTP+JSON'): Promise<Client> {
  const factory = new ClientFactory(
    ClientFactoryOptions.createFrom(ClientFactoryOptions.default, {
      transports: [new JsonRpcTransportFactory(), new RestTransportFactory()],
      preferredTransports: [transport],
    }),
  );
  // The card advertises the public url; point the client at the test server instead.
  const card = await (await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { 'A2A-Version': '1.0' } })).text();
  return factory.createFromAgentCard(JSON.parse(card.replaceAll('http://agent.test:5005', h.url)));
}

function dataOf(task: { status?: { message?: Message } }): unknown {
  const part = task.status?.message?.parts.find((p) => p.content?.$case === 'data');
  return part?.content?.$case === 'data' ? part.content.value : undefined;
}

describe.each(['JSONRPC', 'HTTP+JSON'] as const)('@a2a-js/sdk client over %s', (transport) => {
  it('input-required → follow-ups → completed, then cancel and rejected', async () => {
    const c = await client(transport);
    const ctx = `ctx-${transport}`;
    const send = async (text: string, id: string, contextId = ctx) => {
      const result = await c.sendMessage({ message: userMessage(text, `${transport}-${id}`, contextId) } as never);
      if (!('status' in result)) throw new Error('expected a task');
      return result;
    };
    const t1 = await send('I want to transfer money', '1');
    expect(t1.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(t1.status?.message?.role).toBe(Role.ROLE_AGENT);
    const t2 = await send('12345', '2');
    expect(t2.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
    expect(dataOf(t2)).toEqual({ state: 'input_required', active_flow: 'transfer_money', slots: { account_number: '12345', amount: null } });
    const t3 = await send('50', '3');
    expect(t3.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    const got = await c.getTask({ id: t3.id } as never);
    expect(got.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);

    const pending = await send('book an appointment', '4');
    const canceled = await c.cancelTask({ id: pending.id } as never);
    expect(canceled.status?.state).toBe(TaskState.TASK_STATE_CANCELED);

    // tasks/cancel ends the task, not the dialogue flow: use another context for the rejection.
    const rejected = await send('weather?', '5', `${ctx}-2`);
    expect(rejected.status?.state).toBe(TaskState.TASK_STATE_REJECTED);
  });

  it('streams a task, working updates and the final state', async () => {
    const c = await client(transport);
    const events = [];
    for await (const event of c.sendMessageStream({ message: userMessage('book an appointment', `${transport}-s1`, `stream-${transport}`) } as never)) events.push(event);
    expect(events[0]?.payload?.$case).toBe('task');
    const statuses = events.flatMap((e) => (e.payload?.$case === 'statusUpdate' ? [e.payload.value.status?.state] : []));
    expect(statuses).toEqual([TaskState.TASK_STATE_WORKING, TaskState.TASK_STATE_INPUT_REQUIRED]);
  });
});

it('a v0.3 client (legacy JSON-RPC transport) completes a conversation', async () => {
  const legacy = new LegacyJsonRpcTransport({ endpoint: `${h.url}/` });
  const t1 = await legacy.sendMessage({ message: userMessage('book an appointment', 'legacy-1', 'ctx-legacy') } as never);
  expect('status' in t1 && t1.status?.state).toBe(TaskState.TASK_STATE_INPUT_REQUIRED);
  const t2 = await legacy.sendMessage({ message: userMessage('Friday', 'legacy-2', 'ctx-legacy') } as never);
  expect('status' in t2 && t2.status?.state).toBe(TaskState.TASK_STATE_COMPLETED);
  expect('status' in t2 && dataOf(t2)).toEqual({ state: 'completed', slots: { appointment_id: 'APT-12345' } });
});
