import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createOpenAICompatible } from '@ai-sdk/openai-compatible';
import { generateText, jsonSchema, stepCountIs, streamText, tool } from 'ai';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parse as parseYaml } from 'yaml';
import { hashedEmbedding } from './hashed-embedding.ts';
import { runMockLlm } from './mock-llm-command.ts';
import { startMockLlm, type MockLlmServer } from './mock-llm-server.ts';

const cosine = (a: number[], b: number[]) => a.reduce((s, v, i) => s + v * (b[i] ?? 0), 0);

describe('mock LLM server', () => {
  let mock: MockLlmServer;

  beforeAll(async () => {
    mock = await startMockLlm({
      fixtures: {
        rules: [
          { match: { last_user_message: 'hello' }, response: { content: 'start flow greet' } },
          { match: { last_user_message: { regex: '^send \\d+' } }, response: { content: 'set slot amount 5' } },
          { match: { model: 'special' }, response: { content: 'special answer' } },
          { match: { prompt_regex: 'SYSTEM-MARK' }, response: { content: 'from prompt' } },
          { match: { last_user_message: 'twice' }, times: 2, response: { content: 'limited' } },
          { match: { last_user_message: 'buy ACME', after_tool_result: true }, response: { content: 'bought 10 ACME' } },
          { match: { last_user_message: 'buy ACME' }, response: { tool_calls: [{ name: 'place_order', arguments: { symbol: 'ACME', qty: 10 } }] } },
          { match: { last_user_message: 'steps' }, responses: [{ content: 'one' }, { content: 'two' }] },
          { match: { last_user_message: 'fail' }, response: { status: 503, error: 'overloaded' } },
        ],
        default: { content: 'cannot handle' },
      },
    });
  });
  afterAll(() => mock.close());

  const post = (path: string, body: unknown) =>
    fetch(`${mock.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: typeof body === 'string' ? body : JSON.stringify(body) });
  const ask = async (content: string, model = 'm', extra: object = {}) => {
    const res = await post('/chat/completions', { model, messages: [{ role: 'user', content }], ...extra });
    return { status: res.status, json: (await res.json()) as { choices: { message: { content: string | null; tool_calls?: unknown[] } }[]; usage: object } };
  };

  it('answers chat completions from the first matching rule, else the default', async () => {
    expect((await ask('Hello ')).json.choices[0]?.message.content).toBe('start flow greet');
    expect((await ask('send 50 dollars')).json.choices[0]?.message.content).toBe('set slot amount 5');
    expect((await ask('x', 'special')).json.choices[0]?.message.content).toBe('special answer');
    expect((await ask('what is up?')).json.choices[0]?.message.content).toBe('cannot handle');
    const system = await post('/chat/completions', { model: 'm', messages: [{ role: 'system', content: 'SYSTEM-MARK' }, { role: 'user', content: 'q' }] });
    expect(((await system.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('from prompt');
  });

  it('honours times and response sequences', async () => {
    const contents = [];
    for (let i = 0; i < 3; i++) contents.push((await ask('twice')).json.choices[0]?.message.content);
    expect(contents).toEqual(['limited', 'limited', 'cannot handle']);
    const steps = [];
    for (let i = 0; i < 3; i++) steps.push((await ask('steps')).json.choices[0]?.message.content);
    expect(steps).toEqual(['one', 'two', 'two']);
  });

  it('answers with the configured error status', async () => {
    const { status, json } = await ask('fail');
    expect(status).toBe(503);
    expect(json).toMatchObject({ error: { message: 'overloaded' } });
  });

  it('runs a tool loop through the AI SDK', async () => {
    const llm = createOpenAICompatible({ name: 'mock', baseURL: mock.url });
    const calls: unknown[] = [];
    const result = await generateText({
      model: llm('m'),
      prompt: 'buy ACME',
      tools: {
        place_order: tool({
          description: 'place an order',
          inputSchema: jsonSchema<{ symbol: string; qty: number }>({ type: 'object', properties: { symbol: { type: 'string' }, qty: { type: 'number' } } }),
          execute: async (input) => {
            calls.push(input);
            return { ok: true };
          },
        }),
      },
      stopWhen: stepCountIs(4),
    });
    expect(calls).toEqual([{ symbol: 'ACME', qty: 10 }]);
    expect(result.text).toBe('bought 10 ACME');
  });

  it('streams SSE chunks the AI SDK reassembles, with usage', async () => {
    const llm = createOpenAICompatible({ name: 'mock', baseURL: mock.url, includeUsage: true });
    const result = streamText({ model: llm('m'), prompt: 'hello' });
    expect(await result.text).toBe('start flow greet');
    expect((await result.usage).outputTokens).toBeGreaterThan(0);
    const raw = await (await post('/chat/completions', { model: 'm', stream: true, messages: [{ role: 'user', content: 'buy ACME' }] })).text();
    expect(raw).toContain('"tool_calls"');
    expect(raw.trim().endsWith('data: [DONE]')).toBe(true);
  });

  it('serves deterministic embeddings where similar texts are closer', async () => {
    const res = await post('/embeddings', { model: 'e', input: ['transfer money to a friend', 'send money to a friend', 'check the weather'] });
    const { data } = (await res.json()) as { data: { embedding: number[] }[] };
    const [a, b, c] = data.map((d) => d.embedding) as [number[], number[], number[]];
    expect(a).toEqual(hashedEmbedding('transfer money to a friend'));
    expect(cosine(a, b)).toBeGreaterThan(cosine(a, c));
  });

  it('lists models and rejects unknown routes and bad JSON with JSON errors', async () => {
    const models = (await (await fetch(`${mock.url}/models`)).json()) as { data: { id: string }[] };
    expect(models.data.map((m) => m.id)).toContain('special');
    const missing = await fetch(`${mock.url}/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toMatchObject({ error: { type: 'not_found_error' } });
    const bad = await post('/chat/completions', '{not json');
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ error: { message: expect.stringContaining('JSON') } });
    expect((await post('/chat/completions', { model: 'm' })).status).toBe(400);
  });

  it('records the requests it received', () => {
    expect(mock.requests.some((r) => r.path === '/embeddings')).toBe(true);
  });
});

describe('mock LLM fixtures from files and record mode', () => {
  it('loads YAML fixtures, forwards unknown requests upstream and appends them as rules', async () => {
    const upstream = await startMockLlm({ fixtures: [{ match: { last_user_message: 'new question' }, response: { content: 'upstream says hi' } }] });
    const dir = mkdtempSync(join(tmpdir(), 'mockllm-'));
    const file = join(dir, 'fixtures.yml');
    writeFileSync(file, '# my fixtures\n- match: { last_user_message: known }\n  response: { content: known answer }\n');
    const recorder = await startMockLlm({ fixtures: file, record: { upstream: upstream.url } });
    try {
      const ask = async (content: string) => {
        const res = await fetch(`${recorder.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ model: 'm', messages: [{ role: 'user', content }] }) });
        return ((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content;
      };
      expect(await ask('known')).toBe('known answer');
      expect(await ask('new question')).toBe('upstream says hi');
      expect(upstream.requests).toHaveLength(1);
      expect(await ask('new question')).toBe('upstream says hi');
      expect(upstream.requests).toHaveLength(1);
      const text = readFileSync(file, 'utf8');
      expect(text).toContain('# my fixtures');
      expect(parseYaml(text)).toEqual([
        { match: { last_user_message: 'known' }, response: { content: 'known answer' } },
        { match: { last_user_message: 'new question' }, response: { content: 'upstream says hi' } },
      ]);
    } finally {
      await recorder.close();
      await upstream.close();
    }
  });

  it('closes promptly while a request hangs', async () => {
    const mock = await startMockLlm({ fixtures: { rules: [], default: { content: 'late', delay_ms: 60_000 } } });
    const pending = fetch(`${mock.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'x' }] }) }).catch(() => 'aborted');
    await new Promise((r) => setTimeout(r, 50));
    const started = Date.now();
    await mock.close();
    expect(await pending).toBe('aborted');
    expect(Date.now() - started).toBeLessThan(1000);
  });

  it('names the bad key of an invalid fixture', async () => {
    await expect(startMockLlm({ fixtures: { rules: [{ match: {} }] } as never })).rejects.toThrow(/rules\.0/);
  });
});

describe('runMockLlm (CLI entry)', () => {
  it('validates options and serves a fixture file', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'mockllm-cli-'));
    await expect(runMockLlm({ fixtures: join(dir, 'missing.yml'), port: 0 }, () => {})).rejects.toThrow(/does not exist/);
    await expect(runMockLlm({ fixtures: join(dir, 'x.yml'), port: 0, record: true }, () => {})).rejects.toThrow(/--upstream/);
    await expect(runMockLlm({ fixtures: join(dir, 'x.yml'), port: 'abc' }, () => {})).rejects.toThrow(/--port/);
    const file = join(dir, 'f.json');
    writeFileSync(file, JSON.stringify({ rules: [], default: { content: 'json default' } }));
    const lines: string[] = [];
    const server = await runMockLlm({ fixtures: file, port: 0 }, (line) => lines.push(line));
    try {
      expect(lines[0]).toContain(server.url);
      const res = await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'q' }] }) });
      expect(((await res.json()) as { choices: { message: { content: string } }[] }).choices[0]?.message.content).toBe('json default');
    } finally {
      await server.close();
    }
  });

  it('records into a new fixture file', async () => {
    const upstream = await startMockLlm({ fixtures: { rules: [], default: { content: 'from upstream' } } });
    const file = join(mkdtempSync(join(tmpdir(), 'mockllm-rec-')), 'new.yml');
    const server = await runMockLlm({ fixtures: file, port: 0, record: true, upstream: upstream.url }, () => {});
    try {
      await fetch(`${server.url}/chat/completions`, { method: 'POST', body: JSON.stringify({ messages: [{ role: 'user', content: 'first' }] }) });
      expect(parseYaml(readFileSync(file, 'utf8'))).toEqual([{ match: { last_user_message: 'first' }, response: { content: 'from upstream' } }]);
    } finally {
      await server.close();
      await upstream.close();
    }
  });
});
