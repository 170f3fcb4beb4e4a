import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { ModelConfig } from '../../core/assistant.ts';
import { LlmError } from '../../ports/llm-client.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { createEmbeddingClient, createLlmClient, modelOfGroup } from './llm-client.ts';

describe('AI SDK LLM client against the mock LLM over HTTP', () => {
  let mock: MockLlmServer;
  beforeAll(async () => {
    mock = await startMockLlm({
      fixtures: {
        rules: [
          { match: { last_user_message: 'flaky' }, responses: [{ status: 500 }, { status: 429 }, { content: 'recovered' }] },
          { match: { last_user_message: 'down' }, response: { status: 503 } },
          { match: { last_user_message: 'bad request' }, response: { status: 400 } },
          { match: { last_user_message: 'hang' }, response: { content: 'too late', delay_ms: 30_000 } },
        ],
        default: { content: 'start flow transfer_money' },
      },
    });
  });
  afterAll(() => mock.close());

  const config = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({
    provider: 'openai',
    model: 'gpt-test',
    apiBase: mock.url,
    apiKey: 'unused',
    extra: {},
    ...overrides,
  });
  const requestsFor = (text: string) =>
    mock.requests.filter((r) => JSON.stringify((r.body as { messages?: unknown })?.messages ?? '').includes(text)).length;

  it('completes with text, usage, latency and model', async () => {
    const client = createLlmClient(config());
    const result = await client.complete([{ role: 'user', content: 'hi there' }]);
    expect(result.text).toBe('start flow transfer_money');
    expect(result.model).toBe('gpt-test');
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
    expect(result.usage?.outputTokens).toBeGreaterThan(0);
    expect(result.latencyMs).toBeGreaterThanOrEqual(0);
  });

  it('retries 500 and 429 with back-off, then succeeds', async () => {
    const client = createLlmClient(config({ maxRetries: 3 }), { retryDelayMs: 10 });
    expect((await client.complete([{ role: 'user', content: 'flaky' }])).text).toBe('recovered');
    expect(requestsFor('flaky')).toBe(3);
  });

  it('gives up after maxRetries with an http LlmError', async () => {
    const client = createLlmClient(config({ maxRetries: 2 }), { retryDelayMs: 10 });
    const error = await client.complete([{ role: 'user', content: 'down' }]).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(LlmError);
    expect((error as LlmError).kind).toBe('http');
    expect(requestsFor('down')).toBe(3);
  });

  it('does not retry client errors', async () => {
    const client = createLlmClient(config({ maxRetries: 3 }), { retryDelayMs: 10 });
    await expect(client.complete([{ role: 'user', content: 'bad request' }])).rejects.toMatchObject({ kind: 'http' });
    expect(requestsFor('bad request')).toBe(1);
  });

  it('times out a hanging endpoint within the configured seconds', async () => {
    const client = createLlmClient(config({ timeout: 0.3 }));
    const started = Date.now();
    await expect(client.complete([{ role: 'user', content: 'hang' }])).rejects.toMatchObject({ kind: 'timeout' });
    expect(Date.now() - started).toBeLessThan(1500);
  });

  it('reports an unreachable server as an http error', async () => {
    const client = createLlmClient(config({ apiBase: 'http://127.0.0.1:1/v1', maxRetries: 0 }));
    await expect(client.complete([{ role: 'user', content: 'x' }])).rejects.toMatchObject({ kind: 'http' });
  });

  it('rejects unusable configurations with a config error', () => {
    expect(() => createLlmClient({ provider: 'frobnicate', model: 'x', extra: {} })).toThrow(/unsupported LLM provider/);
    expect(() => createLlmClient({ provider: 'vllm', model: 'x', extra: {} })).toThrow(/api_base/);
    expect(() => modelOfGroup({ id: 'empty', models: [] })).toThrow(/no models/);
  });

  it('reaches Azure OpenAI deployments with api-version and api-key', async () => {
    const client = createLlmClient({ provider: 'azure', model: 'gpt-4o', deployment: 'my-dep', apiBase: mock.url.replace(/\/v1$/, ''), apiKey: 'azure-key', apiVersion: '2024-10-21', extra: {} });
    expect((await client.complete([{ role: 'user', content: 'azure hello' }])).text).toBe('start flow transfer_money');
    const request = mock.requests.at(-1);
    expect(request?.url).toBe('/openai/deployments/my-dep/chat/completions?api-version=2024-10-21');
    expect(request?.headers['api-key']).toBe('azure-key');
  });

  it('speaks the Anthropic Messages API', async () => {
    const client = createLlmClient({ provider: 'anthropic', model: 'claude-mock', apiBase: mock.url, apiKey: 'ant-key', maxTokens: 100, extra: {} });
    const result = await client.complete([
      { role: 'system', content: 'be brief' },
      { role: 'user', content: 'anthropic hello' },
    ]);
    expect(result).toMatchObject({ text: 'start flow transfer_money', model: 'claude-mock' });
    expect(result.usage?.inputTokens).toBeGreaterThan(0);
    const request = mock.requests.at(-1);
    expect(request?.path).toBe('/messages');
    expect(request?.headers['x-api-key']).toBe('ant-key');
  });

  it('embeds texts through the embeddings endpoint', async () => {
    const client = createEmbeddingClient(config({ provider: 'ollama', model: 'embed' }));
    const vectors = await client.embed(['a b', 'c d']);
    expect(vectors).toHaveLength(2);
    expect(vectors[0]?.length).toBe(256);
  });
});
