import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelClients } from '../../adapters/llm/model-clients.ts';
import type { Assistant, ModelConfig, ModelGroup, PipelineComponent } from '../../core/assistant.ts';
import type { Event } from '../../core/events.ts';
import type { DialogueStack } from '../../core/stack.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { createLlmCommandGenerator, type LlmGeneratorDeps } from './llm-command-generator.ts';
import { GeneratorConfigError } from './generator-settings.ts';
import { testAssistant, testState, type TestAssistantSpec } from './test-assistant.ts';

const latest = (message: string) => `latest message is: """${message}"""`;

describe('LLM command generator over HTTP against the mock LLM', () => {
  let mock: MockLlmServer;
  beforeAll(async () => {
    mock = await startMockLlm({
      fixtures: {
        rules: [
          { match: { prompt_regex: latest('send 50 to Ann') }, response: { content: '- start flow transfer_money\n- set slot recipient Ann\n- set slot amount 50' } },
          { match: { prompt_regex: latest('fifty') }, response: { content: 'set slot amount 50' } },
          { match: { prompt_regex: latest('slow') }, response: { content: 'cancel flow', delay_ms: 30_000 } },
          { match: { prompt_regex: latest('broken') }, response: { status: 500 } },
          { match: { prompt_regex: latest('busy') }, response: { status: 429 } },
          { match: { prompt_regex: latest('gibberish') }, response: { content: 'Sure! I would love to help.' } },
          { match: { prompt_regex: latest('custom') }, response: { content: 'hand over' } },
        ],
        default: { content: 'search and reply' },
      },
    });
  });
  afterAll(() => mock.close());

  const model = (overrides: Partial<ModelConfig> = {}): ModelConfig => ({ provider: 'openai', model: 'gpt-mock', apiBase: mock.url, apiKey: 'k', timeout: 5, extra: {}, ...overrides });
  const groups = (llm: Partial<ModelConfig> = {}): ModelGroup[] => [
    { id: 'command_llm', models: [model(llm)] },
    { id: 'embeddings', models: [model({ provider: 'openai_compatible', model: 'embed-mock' })] },
  ];
  const deps: LlmGeneratorDeps = { ...createModelClients({ retryDelayMs: 10 }), now: () => new Date('2025-01-02T03:04:05Z') };
  const banking: TestAssistantSpec['flows'] = [
    { id: 'transfer_money', description: 'Send money to a friend or family member', collects: [{ slot: 'recipient', description: 'who receives the money' }, 'amount'] },
    { id: 'check_balance', description: 'Show the balance of the bank account' },
  ];
  const setup = (options: PipelineComponent['options'] = {}, spec: Partial<TestAssistantSpec> = {}, name = 'CompactLLMCommandGenerator') => {
    const assistant = testAssistant({ flows: banking, slots: { recipient: { type: 'text' }, amount: { type: 'float' } }, modelGroups: groups(), ...spec });
    const generator = createLlmCommandGenerator({ name, options: { llm: { model_group: 'command_llm' }, ...options } }, assistant, deps);
    return { assistant, generator };
  };
  const chatBodies = () => mock.requests.filter((r) => r.path === '/chat/completions').map((r) => r.body as { messages: { content: string }[] });
  const lastPrompt = () => chatBodies().at(-1)?.messages[0]?.content ?? '';
  const countChats = (text: string) => chatBodies().filter((b) => b.messages[0]?.content.includes(latest(text))).length;

  it('turns a message into commands and records flows, model, latency and tokens', async () => {
    const { assistant, generator } = setup();
    const result = await generator.predict({ assistant, state: testState(), text: 'send 50 to Ann' });
    expect(result.commands).toEqual([
      { command: 'start flow', flow: 'transfer_money' },
      { command: 'set slot', name: 'recipient', value: 'Ann', extractor: 'LLM' },
      { command: 'set slot', name: 'amount', value: '50', extractor: 'LLM' },
    ]);
    expect(result.parseData).toMatchObject({
      flows_in_prompt: ['transfer_money', 'check_balance'],
      llm: { model: 'gpt-mock', latency_ms: expect.any(Number), input_tokens: expect.any(Number), output_tokens: expect.any(Number) },
    });
    const prompt = lastPrompt();
    expect(prompt).toContain('"name":"transfer_money","description":"Send money to a friend or family member","slots":[{"name":"recipient","description":"who receives the money"}');
    expect(prompt).toContain('No flow is active right now.');
    expect(prompt).toContain('USER: send 50 to Ann');
    expect(prompt).toContain('{"name":"check_balance","description":"Show the balance of the bank account"}');
    expect(prompt).not.toMatch(/continue agent|completed_agents/);
  });

  it('shows the active flow, the requested slot and the conversation in the prompt', async () => {
    const { assistant, generator } = setup();
    const stack: DialogueStack = [
      { type: 'flow', frame_id: 'f1', flow_id: 'transfer_money', step_id: 'transfer_money_1_collect_amount', frame_type: 'regular' },
      { type: 'pattern', frame_id: 'f2', flow_id: 'pattern_collect_information', step_id: 'START', context: { collect: 'amount' } },
    ];
    const events: Event[] = [
      { event: 'user', timestamp: 1, text: 'send money to Ann', parse_data: { commands: [] } },
      { event: 'bot', timestamp: 2, text: 'How much?', data: {} },
    ];
    const state = testState({ stack, events, slots: { recipient: 'Ann', amount: null } });
    const result = await generator.predict({ assistant, state, text: 'fifty' });
    expect(result.commands).toEqual([{ command: 'set slot', name: 'amount', value: '50', extractor: 'LLM' }]);
    const prompt = lastPrompt();
    expect(prompt).toContain('"active_flow":"transfer_money","requested_slot":"amount"');
    expect(prompt).toContain('{"name":"recipient","value":"Ann","type":"text","description":"who receives the money"}');
    expect(prompt).toContain('{"name":"amount","value":"undefined","type":"float"}');
    expect(prompt).toContain('USER: send money to Ann\nAI: How much?\nUSER: fifty');
  });

  it('offers only the retrieved flows, always-included and previously started ones, embedding flows once', async () => {
    const flows: TestAssistantSpec['flows'] = [
      ...banking,
      { id: 'order_pizza', description: 'Order a pizza for delivery' },
      { id: 'book_flight', description: 'Book a flight ticket to travel abroad' },
      { id: 'weather', description: 'Tell the weather forecast for a city' },
      { id: 'contact_support', description: 'Talk to customer support', alwaysIncludeInPrompt: true },
      { id: 'premium_offers', description: 'Offers for premium customers money transfer', guard: 'slots.is_premium' },
    ];
    const { assistant, generator } = setup(
      { flow_retrieval: { num_flows: 1, embeddings: { model_group: 'embeddings' } } },
      { flows, slots: { recipient: { type: 'text' }, amount: { type: 'float' }, is_premium: { type: 'bool' } }, fingerprint: 'retrieval-fp' },
    );
    const embeddingCalls = () => mock.requests.filter((r) => r.path === '/embeddings').length;
    const before = embeddingCalls();
    const events: Event[] = [{ event: 'flow_started', timestamp: 1, flow_id: 'weather' }];
    const state = testState({ events, slots: { is_premium: false } });
    const result = await generator.predict({ assistant, state, text: 'I want to send money to a friend' });
    expect(result.parseData?.flows_in_prompt).toEqual(['transfer_money', 'weather', 'contact_support']);
    expect(result.parseData?.flows_from_semantic_search).toEqual(['transfer_money']);
    expect(embeddingCalls() - before).toBe(2);
    const second = await generator.predict({ assistant, state: testState({ slots: { is_premium: true } }), text: 'book a flight ticket' });
    expect(second.parseData?.flows_in_prompt).toEqual(['book_flight', 'contact_support']);
    expect(embeddingCalls() - before).toBe(3);
  });

  it('offers every startable flow when retrieval is off, and applies guards', async () => {
    const flows: TestAssistantSpec['flows'] = [...banking, { id: 'vip', description: 'vip lounge', guard: 'slots.is_premium' }, { id: 'linked_only', description: 'x', guard: false }];
    const { assistant, generator } = setup({ flow_retrieval: { active: false } }, { flows, slots: { is_premium: { type: 'bool' } } });
    const off = await generator.predict({ assistant, state: testState(), text: 'hi' });
    expect(off.parseData?.flows_in_prompt).toEqual(['transfer_money', 'check_balance']);
    const on = await generator.predict({ assistant, state: testState({ slots: { is_premium: true } }), text: 'hi' });
    expect(on.parseData?.flows_in_prompt).toEqual(['transfer_money', 'check_balance', 'vip']);
  });

  it('turns a hanging endpoint into an error command within the configured timeout', async () => {
    const { assistant, generator } = setup({}, { modelGroups: groups({ timeout: 0.4 }) });
    const started = Date.now();
    const result = await generator.predict({ assistant, state: testState(), text: 'slow' });
    expect(result.commands).toEqual([{ command: 'error', error_type: 'rasa_internal_error_default' }]);
    expect(result.parseData?.llm_error).toMatch(/timed out after 0.4 s/);
    expect(Date.now() - started).toBeLessThan(2000);
  });

  it.each(['broken', 'busy'])('retries a %s endpoint, then answers with an error command; the next message works', async (text) => {
    const { assistant, generator } = setup({}, { modelGroups: groups({ maxRetries: 2 }) });
    const result = await generator.predict({ assistant, state: testState(), text });
    expect(result.commands).toEqual([{ command: 'error', error_type: 'rasa_internal_error_default' }]);
    expect(countChats(text)).toBe(3);
    const next = await generator.predict({ assistant, state: testState(), text: 'fifty' });
    expect(next.commands).toEqual([{ command: 'set slot', name: 'amount', value: '50', extractor: 'LLM' }]);
  });

  it('rejects too long and empty input without calling the LLM', async () => {
    const { assistant, generator } = setup({ user_input: { max_characters: 10 } });
    const calls = chatBodies().length;
    expect((await generator.predict({ assistant, state: testState(), text: 'x'.repeat(11) })).commands).toEqual([
      { command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 10 } },
    ]);
    expect((await generator.predict({ assistant, state: testState(), text: '  ' })).commands).toEqual([
      { command: 'error', error_type: 'rasa_internal_error_user_input_empty' },
    ]);
    expect(chatBodies().length).toBe(calls);
  });

  it('turns an answer without commands into cannot handle', async () => {
    const { assistant, generator } = setup();
    expect((await generator.predict({ assistant, state: testState(), text: 'gibberish' })).commands).toEqual([{ command: 'cannot handle' }]);
  });

  it('uses a project-relative prompt_template override and an inline llm config', async () => {
    const files: Record<string, string> = { '/proj/prompts/mine.jinja2': 'CUSTOM {{ available_flows | length }} flows; {{ current_flow }}; latest message is: """{{ user_message }}"""' };
    const assistant = testAssistant({ flows: banking, root: '/proj' });
    const generator = createLlmCommandGenerator(
      { name: 'CompactLLMCommandGenerator', options: { prompt_template: 'prompts/mine.jinja2', llm: { provider: 'openai', model: 'inline-model', api_base: mock.url, api_key: 'k' } } },
      assistant,
      { ...deps, readFile: (path) => files[path] ?? '' },
    );
    const result = await generator.predict({ assistant, state: testState(), text: 'custom' });
    expect(result.commands).toEqual([{ command: 'human handoff' }]);
    expect(lastPrompt()).toBe('CUSTOM 2 flows; ; latest message is: """custom"""');
    expect((mock.requests.at(-1)?.body as { model: string }).model).toBe('inline-model');
  });

  const customTemplate = (template: string, options: PipelineComponent['options'] = {}, extraDeps: Partial<LlmGeneratorDeps> = {}) => {
    const assistant = testAssistant({ flows: banking, root: '/proj', slots: { mocked_datetime: { type: 'text' } } });
    const generator = createLlmCommandGenerator(
      { name: 'CompactLLMCommandGenerator', options: { prompt_template: 'p.jinja2', llm: { provider: 'openai', model: 'inline-model', api_base: mock.url, api_key: 'k' }, ...options } },
      assistant,
      { ...deps, readFile: () => template, ...extraDeps },
    );
    return { assistant, generator };
  };
  const askedFor = 'latest message is: """{{ user_message }}"""';

  it('prompt templates get current_datetime as a datetime object with the methods templates call', async () => {
    const template = `{{ current_datetime.strftime('%A, %d %B %Y %H:%M %Z %z') }} | {{ current_datetime.isoformat() }} | {{ current_datetime }} | {{ current_datetime.year }}-{{ current_datetime.month }} | {{ current_datetime.weekday() }} | {{ current_datetime.date() }} | {{ current_datetime.strftime('%-d/%-m %I%p %j') }} | ${askedFor}`;
    const { assistant, generator } = customTemplate(template, { timezone: 'Europe/Berlin' }, { now: () => new Date('2025-01-02T23:04:05.250Z') });
    await generator.predict({ assistant, state: testState(), text: 'custom' });
    expect(lastPrompt()).toBe(
      `Friday, 03 January 2025 00:04 Europe/Berlin +0100 | 2025-01-03T00:04:05.250000+01:00 | 2025-01-03 00:04:05.250000+01:00 | 2025-1 | 4 | 2025-01-03 | 3/1 12AM 003 | ${latest('custom')}`,
    );
  });

  it('current_datetime follows the mocked_datetime slot, and is left out with include_date_time: false', async () => {
    const template = `[{{ current_datetime }}] ${askedFor}`;
    const mocked = customTemplate(template);
    await mocked.generator.predict({ assistant: mocked.assistant, state: testState({ slots: { mocked_datetime: '2024-02-29T12:00:00Z' } }), text: 'custom' });
    expect(lastPrompt()).toBe(`[2024-02-29 12:00:00+00:00] ${latest('custom')}`);
    const off = customTemplate(template, { include_date_time: false });
    await off.generator.predict({ assistant: off.assistant, state: testState(), text: 'custom' });
    expect(lastPrompt()).toBe(`[] ${latest('custom')}`);
  });

  it('an unknown timezone fails at creation', () => {
    expect(() => customTemplate('x', { timezone: 'Mars/Olympus' })).toThrow(/timezone.*Mars\/Olympus/);
  });

  it('uses the agent-aware search-ready prompt when the project has sub-agents', async () => {
    const subAgents: Assistant['subAgents'] = {
      car_research: {
        name: 'car_research',
        description: 'Researches cars',
        protocol: 'RASA',
        dir: 'sub_agents/car_research',
        configuration: { includeDateTime: false, timezone: 'UTC', enableFillerMessages: false, maxPollingTime: 60, pollingInitialDelay: 1, other: {} },
        mcpServers: [],
      },
    };
    const { assistant, generator } = setup({}, { subAgents }, 'SearchReadyLLMCommandGenerator');
    const stack: DialogueStack = [
      { type: 'flow', frame_id: 'f1', flow_id: 'transfer_money', step_id: 'transfer_money_0_collect_recipient', frame_type: 'regular' },
      { type: 'agent', frame_id: 'a1', agent_id: 'car_research', flow_id: 'transfer_money', step_id: 's', state: 'waiting_for_input', metadata: {} },
    ];
    const result = await generator.predict({ assistant, state: testState({ stack }), text: 'what about tesla' });
    expect(result.commands).toEqual([{ command: 'knowledge' }]);
    const prompt = lastPrompt();
    expect(prompt).toContain('`continue agent`: let the active agent car_research keep handling');
    expect(prompt).toContain('"active_agent":{"name":"car_research","description":"Researches cars"}');
    expect(prompt).toContain('`search and reply`');
  });

  it('fails at creation for an unknown model group or a broken template', () => {
    const assistant = testAssistant({ flows: banking, modelGroups: groups() });
    expect(() => createLlmCommandGenerator({ name: 'CompactLLMCommandGenerator', options: { llm: { model_group: 'nope' } } }, assistant, deps)).toThrow(
      /model_group.*no model group 'nope'.*command_llm, embeddings/,
    );
    expect(() =>
      createLlmCommandGenerator({ name: 'CompactLLMCommandGenerator', options: { prompt_template: 'x.jinja2' } }, assistant, { ...deps, readFile: () => '{% if %}' }),
    ).toThrow(GeneratorConfigError);
  });
});
