import { generateText } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig, ModelGroup, ModelRouterSettings, RoutingStrategy } from '../../core/assistant.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { embeddingClientOf, llmClientOf } from './model-clients.ts';
import { routedLanguageModel } from './routed-language-model.ts';

describe('model-group routers over two mock LLM servers', () => {
  let a: MockLlmServer;
  let b: MockLlmServer;
  /** A port nothing listens on: a server that is down. */
  let down: string;

  beforeAll(async () => {
    const fixtures = (name: string) => ({
      rules: [{ match: { last_user_message: 'slow' }, response: { content: `${name} slow`, delay_ms: 300 } }],
      default: { content: `answered by ${name}` },
    });
    [a, b] = await Promise.all([startMockLlm({ fixtures: fixtures('a') }), startMockLlm({ fixtures: fixtures('b') })]);
    const closed = await startMockLlm({ fixtures: fixtures('closed') });
    down = closed.url;
    await closed.close();
  });
  afterAll(async () => {
    await Promise.all([a.close(), b.close()]);
  });

  const model = (url: string, name: string): ModelConfig => ({ provider: 'openai_compatible', model: name, apiBase: url, apiKey: 'unused', timeout: 5, extra: {} });
  const group = (strategy: RoutingStrategy, urls: string[], router: Partial<ModelRouterSettings> = {}): ModelGroup => ({
    id: `g-${strategy}`,
    models: urls.map((url, i) => model(url, `m${i}`)),
    router: { routingStrategy: strategy, cacheResponses: false, cooldownTime: 5, ...router },
  });
  const chatRequests = (server: MockLlmServer, text: string) =>
    server.requests.filter((r) => r.path === '/chat/completions' && JSON.stringify(r.body).includes(text)).length;
  const ask = (client: ReturnType<typeof llmClientOf>, text: string) => client.complete([{ role: 'user', content: text }]);

  it('round-robin alternates between the models', async () => {
    const client = llmClientOf(group('round-robin', [a.url, b.url]));
    const answers = [];
    for (let i = 0; i < 6; i++) answers.push((await ask(client, 'rr call')).text);
    expect(answers).toEqual(['answered by a', 'answered by b', 'answered by a', 'answered by b', 'answered by a', 'answered by b']);
    expect([chatRequests(a, 'rr call'), chatRequests(b, 'rr call')]).toEqual([3, 3]);
  });

  it('least-busy sends concurrent calls to the model with fewer in flight', async () => {
    const client = llmClientOf(group('least-busy', [a.url, b.url]));
    const before = [chatRequests(a, 'slow'), chatRequests(b, 'slow')];
    const answers = await Promise.all([1, 2, 3, 4].map(() => ask(client, 'slow')));
    expect(answers.map((r) => r.text).sort()).toEqual(['a slow', 'a slow', 'b slow', 'b slow']);
    expect([chatRequests(a, 'slow') - before[0]!, chatRequests(b, 'slow') - before[1]!]).toEqual([2, 2]);
  });

  it('least-busy spreads one-at-a-time calls too (ties go to the model idle longest)', async () => {
    const client = llmClientOf(group('least-busy', [a.url, b.url]));
    for (let i = 0; i < 4; i++) await ask(client, 'lb sequential');
    expect([chatRequests(a, 'lb sequential'), chatRequests(b, 'lb sequential')]).toEqual([2, 2]);
  });

  it('simple-shuffle uses both models', async () => {
    const client = llmClientOf(group('simple-shuffle', [a.url, b.url]));
    for (let i = 0; i < 30; i++) await ask(client, 'shuffled');
    expect(chatRequests(a, 'shuffled')).toBeGreaterThan(0);
    expect(chatRequests(b, 'shuffled')).toBeGreaterThan(0);
    expect(chatRequests(a, 'shuffled') + chatRequests(b, 'shuffled')).toBe(30);
  });

  it('fails over to the other model when one is down, and skips the failed one while it cools down', async () => {
    const client = llmClientOf(group('round-robin', [down, b.url]));
    const answers = [];
    for (let i = 0; i < 4; i++) answers.push((await ask(client, 'failover')).text);
    expect(answers).toEqual(['answered by b', 'answered by b', 'answered by b', 'answered by b']);
    expect(chatRequests(b, 'failover')).toBe(4);
  });

  it('fails over on an HTTP error and tries the failed model again after cooldown_time', async () => {
    const flaky = await startMockLlm({ fixtures: { rules: [], default: { status: 503 } } });
    try {
      const client = llmClientOf(group('round-robin', [flaky.url, b.url], { cooldownTime: 0 }));
      for (let i = 0; i < 4; i++) expect((await ask(client, 'http failover')).text).toBe('answered by b');
      // No cooldown: the failing model keeps its turns (tried once each, it has no max_retries), then the other answers.
      expect(chatRequests(flaky, 'http failover')).toBe(2);
      expect(chatRequests(b, 'http failover')).toBe(4);
    } finally {
      await flaky.close();
    }
  });

  it('rejects with the last error when every model is down', async () => {
    const client = llmClientOf(group('round-robin', [down, down]));
    await expect(ask(client, 'all down')).rejects.toMatchObject({ kind: 'http' });
  });

  it('answers identical prompts from the cache with cache_responses', async () => {
    const client = llmClientOf(group('round-robin', [a.url, b.url], { cacheResponses: true }));
    const first = await ask(client, 'cached prompt');
    const second = await ask(client, 'cached prompt');
    expect(second.text).toBe(first.text);
    expect(chatRequests(a, 'cached prompt') + chatRequests(b, 'cached prompt')).toBe(1);
    await ask(client, 'another prompt');
    expect(chatRequests(a, 'another prompt') + chatRequests(b, 'another prompt')).toBe(1);
  });

  it('routes embeddings over the group', async () => {
    const before = [a, b].map((s) => s.requests.filter((r) => r.path === '/embeddings').length);
    const client = embeddingClientOf(group('round-robin', [a.url, b.url]));
    for (let i = 0; i < 4; i++) expect(await client.embed([`text ${i}`])).toHaveLength(1);
    const after = [a, b].map((s) => s.requests.filter((r) => r.path === '/embeddings').length);
    expect([after[0]! - before[0]!, after[1]! - before[1]!]).toEqual([2, 2]);
  });

  it('routes the AI SDK model the sub-agents drive, failing over as well', async () => {
    const routed = routedLanguageModel({ ...group('round-robin', [down, a.url, b.url]), router: { routingStrategy: 'round-robin', cacheResponses: false, cooldownTime: 5 } });
    const texts = [];
    for (let i = 0; i < 4; i++) texts.push((await generateText({ model: routed, prompt: 'agent call', maxRetries: 0 })).text);
    expect(texts.sort()).toEqual(['answered by a', 'answered by a', 'answered by b', 'answered by b']);
  });

  it('a group without a router uses its first model', async () => {
    const client = llmClientOf({ id: 'plain', models: [model(a.url, 'm0'), model(b.url, 'm1')] });
    for (let i = 0; i < 3; i++) expect((await ask(client, 'no router')).text).toBe('answered by a');
  });
});
