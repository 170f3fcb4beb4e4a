import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createModelClients } from '../../adapters/llm/index.ts';
import type { Assistant } from '../../core/assistant.ts';
import { loadProjectFromFiles } from '../../project/index.ts';
import { startMockLlm, type MockLlmServer } from '../../server/mock-llm/mock-llm-server.ts';
import { createLlmCommandGenerator } from './llm-command-generator.ts';
import { testState } from './test-assistant.ts';

/** A project as users write it: the generator is configured in config.yml, models in endpoints.yml. */
const files = {
  'config.yml': `
recipe: default.v1
language: en
assistant_id: llm_bank
pipeline:
  - name: SearchReadyLLMCommandGenerator
    llm:
      model_group: command_llm
    flow_retrieval:
      num_flows: 1
      embeddings:
        model_group: embeddings
    user_input:
      max_characters: 200
policies:
  - name: FlowPolicy
`,
  'endpoints.yml': `
model_groups:
  - id: command_llm
    models:
      - provider: openai
        model: gpt-mock
        api_base: \${MOCK_LLM_URL}
        api_key: \${MOCK_KEY}
        timeout: 3
  - id: embeddings
    models:
      - provider: openai_compatible
        model: embed-mock
        api_base: \${MOCK_LLM_URL}
`,
  'domain.yml': `
slots:
  recipient:
    type: text
  amount:
    type: float
responses:
  utter_ask_recipient:
    - text: Who?
  utter_ask_amount:
    - text: How much?
`,
  'data/flows.yml': `
flows:
  transfer_money:
    description: Send money to a friend or family member
    steps:
      - collect: recipient
        description: who receives the money
      - collect: amount
  check_balance:
    description: Show the balance of the bank account
    steps:
      - action: utter_ask_amount
`,
};

describe('LLM command generator on a loaded project', () => {
  let mock: MockLlmServer;
  let assistant: Assistant;

  beforeAll(async () => {
    mock = await startMockLlm({
      fixtures: { rules: [{ match: { prompt_regex: '"""pay Ann 20"""' }, response: { content: 'start flow transfer_money\nset slot recipient Ann\nset slot amount 20' } }] },
    });
    const result = loadProjectFromFiles(files, '/virtual', { env: { MOCK_LLM_URL: mock.url, MOCK_KEY: 'secret' } });
    if (!result.assistant) throw new Error(JSON.stringify(result.diagnostics, null, 2));
    assistant = result.assistant;
  });
  afterAll(() => mock.close());

  it('reads its options from config.yml and its models from endpoints.yml', async () => {
    const component = assistant.config.pipeline[0];
    if (!component) throw new Error('pipeline is empty');
    const generator = createLlmCommandGenerator(component, assistant, createModelClients());
    const result = await generator.predict({ assistant, state: testState(), text: 'pay Ann 20' });
    expect(result.commands).toEqual([
      { command: 'start flow', flow: 'transfer_money' },
      { command: 'set slot', name: 'recipient', value: 'Ann', extractor: 'LLM' },
      { command: 'set slot', name: 'amount', value: '20', extractor: 'LLM' },
    ]);
    expect(result.parseData?.flows_in_prompt).toEqual(['transfer_money']);
    const chat = mock.requests.find((r) => r.path === '/chat/completions');
    expect(chat?.headers.authorization).toBe('Bearer secret');
    expect(JSON.stringify(chat?.body)).toContain('who receives the money');
    expect((await generator.predict({ assistant, state: testState(), text: 'x'.repeat(201) })).commands).toEqual([
      { command: 'error', error_type: 'rasa_internal_error_user_input_too_long', info: { max_characters: 200 } },
    ]);
  });
});
