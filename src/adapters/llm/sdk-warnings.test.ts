import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { createLlmClient } from './llm-client.ts';
import { routeSdkWarnings } from './sdk-warnings.ts';

describe('AI SDK call warnings', () => {
  let mock: MockLlmServer;
  beforeAll(async () => {
    mock = await startMockLlm({ fixtures: { rules: [], default: { content: 'start flow order_tea' } } });
  });
  afterAll(() => mock.close());

  it('reach the logger once per model and warning, not the console', async () => {
    const warn = vi.fn();
    const consoleWarn = vi.spyOn(console, 'warn').mockImplementation(() => undefined);
    routeSdkWarnings({ warn });
    // OpenAI's own client (the one that knows reasoning models), pointed at the mock as a user would.
    vi.stubEnv('OPENAI_BASE_URL', mock.url);
    // A reasoning model takes no temperature: the SDK drops it and warns, on every call.
    const client = createLlmClient({ provider: 'openai', model: 'gpt-5.1-2025-11-13', temperature: 0, apiKey: 'unused', extra: {} });
    await client.complete([{ role: 'user', content: 'a green tea please' }]);
    await client.complete([{ role: 'user', content: 'and one more' }]);
    expect(consoleWarn).not.toHaveBeenCalled();
    expect(warn).toHaveBeenCalledTimes(1);
    expect(warn.mock.calls[0]![0]).toMatchObject({ model: 'gpt-5.1-2025-11-13', warning: { feature: 'temperature' } });
    consoleWarn.mockRestore();
    vi.unstubAllEnvs();
  });
});
