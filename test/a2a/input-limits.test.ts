/**
 * The A2A server holds messages to the limits of the other channels before it creates a task:
 * ids as long as REST senders (512) and free of control characters, metadata and DataParts bounded
 * in depth and size, and a messageId reused for other content refused instead of answered with the
 * first message's result.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { msg03, startHarness, type Harness } from './harness.ts';

let h: Harness;
beforeAll(async () => {
  h = await startHarness();
});
afterAll(async () => h.close());

/** A JSON-RPC call whose params are given as JSON text (deep values `JSON.stringify` cannot write). */
async function rawRpc(method: string, paramsJson: string): Promise<{ status: number; body: { error?: { code: number; message: string }; result?: unknown } }> {
  const response = await fetch(`${h.url}/`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: `{"jsonrpc":"2.0","id":1,"method":${JSON.stringify(method)},"params":${paramsJson}}`,
  });
  return { status: response.status, body: (await response.json()) as { error?: { code: number; message: string } } };
}

const nestedJson = (depth: number) => `${'{"a":'.repeat(depth)}1${'}'.repeat(depth)}`;
const errorOf = (body: Record<string, unknown>) => body.error as { code: number; message: string } | undefined;

describe('A2A input limits', () => {
  it('refuses a contextId of 100,000 characters with invalid params and runs no turn', async () => {
    const long = 'c'.repeat(100_000);
    const res = await h.rpc('message/send', { message: msg03('hi', 'm-long', long) });
    expect(errorOf(res.body)).toMatchObject({ code: -32602, message: expect.stringMatching(/contextId must be at most 512 characters/) });
    expect(h.runtime.turnsOf(long)).toHaveLength(0);
  });

  it('accepts ids of 512 characters, like REST senders, and refuses 513', async () => {
    const ok = await h.rpc('message/send', { message: msg03('hi', 'm'.repeat(512), 'k'.repeat(512)) });
    expect(ok.body.result).toBeDefined();
    for (const message of [msg03('hi', 'm'.repeat(513), 'ctx-a'), msg03('hi', 'm-b', 'k'.repeat(513)), { ...msg03('hi', 'm-c', 'ctx-c'), taskId: 't'.repeat(513) }]) {
      expect(errorOf((await h.rpc('message/send', { message })).body)?.code).toBe(-32602);
    }
    expect(errorOf((await h.rpc('tasks/get', { id: 't'.repeat(513) })).body)?.code).toBe(-32602);
  });

  it('refuses control characters in ids', async () => {
    const res = await h.rpc('message/send', { message: msg03('hi', 'm-nul', 'ctx\u0000nul') });
    expect(errorOf(res.body)).toMatchObject({ code: -32602, message: expect.stringMatching(/control characters/) });
    expect(h.runtime.turnsOf('ctx\u0000nul')).toHaveLength(0);
  });

  it('refuses metadata and DataParts nested 5,000 levels deep before a task exists', async () => {
    const deepMetadata = await rawRpc('message/send', `{"message":{"kind":"message","role":"user","messageId":"m-deep","contextId":"ctx-deep","parts":[{"kind":"text","text":"hi"}],"metadata":{"x":${nestedJson(5000)}}}}`);
    expect(deepMetadata.body.error).toMatchObject({ code: -32602, message: expect.stringMatching(/nests deeper/) });
    const deepData = await rawRpc('message/send', `{"message":{"kind":"message","role":"user","messageId":"m-deep2","contextId":"ctx-deep","parts":[{"kind":"data","data":{"x":${nestedJson(5000)}}}]}}`);
    expect(deepData.body.error?.code).toBe(-32602);
    expect(h.runtime.turnsOf('ctx-deep')).toHaveLength(0);
  });

  it('refuses a replayed messageId with different text, and still replays the same text', async () => {
    const first = await h.rpc('message/send', { message: msg03('send 50 to Ann', 'pay-7', 'ctx-replay') });
    const changed = await h.rpc('message/send', { message: msg03('send 5000 to Ann', 'pay-7', 'ctx-replay') });
    expect(errorOf(changed.body)).toMatchObject({ code: -32602, message: expect.stringMatching(/already sent with other content/) });
    // Same content with its keys in another order is the same message.
    const reordered = { contextId: 'ctx-replay', messageId: 'pay-7', parts: [{ text: 'send 50 to Ann', kind: 'text' }], role: 'user', kind: 'message' };
    const again = await h.rpc('message/send', { message: reordered });
    expect(again.body.result).toEqual(first.body.result);
    expect(h.runtime.turnsOf('ctx-replay')).toHaveLength(1);
  });
});
