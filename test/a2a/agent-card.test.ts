import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { createA2aPlugin } from '../../src/channels/a2a/index.ts';
import { MemoryKeyValueStore } from '../../src/adapters/stores/memory-key-value-store.ts';
import { FakeRuntime } from './fake-runtime.ts';
import { a2aConfig, bankingAssistant, recordingLogger } from './fixtures.ts';
import { startHarness, type Harness } from './harness.ts';

type Json = Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any

let h: Harness;
afterEach(async () => h?.close());

describe('agent card', () => {
  it('is generated from user flows with cache headers, on both paths, and honours If-None-Match', async () => {
    h = await startHarness({ config: { includeConversationRepair: false } });
    const r = await fetch(`${h.url}/.well-known/agent-card.json`);
    expect(r.headers.get('cache-control')).toMatch(/max-age/);
    expect(r.headers.get('last-modified')).toMatch(/GMT$/);
    const etag = r.headers.get('etag')!;
    const body = (await r.json()) as Json;
    expect(body.skills.map((s: Json) => s.id)).toEqual(['book_appointment', 'transfer_money']);
    expect(body.skills[1]).toEqual({ id: 'transfer_money', name: 'transfer money', description: "Transfer money between the user's accounts", tags: ['flow'] });
    expect(body.capabilities).toEqual({ streaming: true, pushNotifications: false, stateTransitionHistory: false });
    const legacy = await fetch(`${h.url}/.well-known/agent.json`);
    expect(legacy.headers.get('etag')).toBe(etag);
    const cached = await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { 'if-none-match': etag } });
    expect(cached.status).toBe(304);
  });

  it('lists patterns as skills when include_conversation_repair is on', async () => {
    h = await startHarness({ config: { includeConversationRepair: true } });
    const body = (await (await fetch(`${h.url}/.well-known/agent-card.json`, { headers: { 'A2A-Version': '1.0' } })).json()) as Json;
    expect(body.skills.map((s: Json) => s.id)).toContain('pattern_completed');
    expect(body.supportedInterfaces[0]).toEqual({ url: 'http://agent.test:5005/', protocolBinding: 'JSONRPC', protocolVersion: '1.0' });
  });

  it('is regenerated when the model changes (PUT /model)', async () => {
    h = await startHarness();
    const before = await fetch(`${h.url}/.well-known/agent-card.json`);
    const etag = before.headers.get('etag');
    const extraFlow = { ...bankingAssistant().flows.transfer_money!, id: 'check_balance', name: 'check balance', description: 'Tell the user their balance' };
    h.setAssistant(bankingAssistant({ fingerprint: 'model-2', extraFlow }));
    const after = await fetch(`${h.url}/.well-known/agent-card.json`);
    expect(after.headers.get('etag')).not.toBe(etag);
    expect(((await after.json()) as Json).skills.map((s: Json) => s.id)).toContain('check_balance');
  });

  it('serves a static card from agent_card_path with the url resolved', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'a2a-card-'));
    writeFileSync(join(dir, 'card.json'), JSON.stringify({ name: 'Static', description: 'static card', url: 'http://wrong', skills: [] }));
    h = await startHarness({ config: { agentCardPath: join(dir, 'card.json'), url: 'https://bank.example.com/' } });
    const body = (await (await fetch(`${h.url}/.well-known/agent-card.json`)).json()) as Json;
    expect(body).toEqual({ name: 'Static', description: 'static card', url: 'https://bank.example.com/', skills: [] });
  });

  it('refuses to start with start_session_after_expiry: true', () => {
    expect(() =>
      createA2aPlugin({ runtime: new FakeRuntime(), assistant: () => bankingAssistant({ startSessionAfterExpiry: true }), config: a2aConfig(), kv: new MemoryKeyValueStore(), publicUrl: 'http://x', logger: recordingLogger() }),
    ).toThrow(/start_session_after_expiry: false/);
  });
});
