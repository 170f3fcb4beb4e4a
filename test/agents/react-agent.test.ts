import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest';
import { startShoppingMcpServer, type ShoppingServer } from '../../examples/shopping/mcp-server.ts';
import { createReactAgentClient } from '../../src/adapters/agents/react/react-agent-client.ts';
import { BUDGET_EXHAUSTED_TEXT } from '../../src/adapters/agents/react/react-loop.ts';
import { createMcpToolPool, type McpToolPool } from '../../src/adapters/mcp/create-tool-client.ts';
import type { AgentOutput } from '../../src/core/agent-io.ts';
import type { SubAgentConfig } from '../../src/core/assistant.ts';
import type { BotMessage } from '../../src/core/events.ts';
import type { MockFixturesInput } from '../../src/server/mock-llm/fixtures.ts';
import { startMockLlm, type MockLlmServer } from '../../src/server/mock-llm/mock-llm-server.ts';
import { captureLogger } from '../mcp/log-capture.ts';
import { agentAssistant, agentInput, chatRequests, subAgent } from './agent-fixtures.ts';

let shop: ShoppingServer;
let pool: McpToolPool;
const mocks: MockLlmServer[] = [];

beforeAll(async () => {
  shop = await startShoppingMcpServer();
  pool = createMcpToolPool([{ name: 'shop', url: shop.url, type: 'http' }], captureLogger().logger);
});
afterAll(async () => {
  await pool.close();
  await shop.close();
});
afterEach(async () => {
  await Promise.all(mocks.splice(0).map((m) => m.close()));
});

async function setup(fixtures: MockFixturesInput, agent: SubAgentConfig = subAgent('finder'), root?: string) {
  const llm = await startMockLlm({ fixtures });
  mocks.push(llm);
  const client = createReactAgentClient(agentAssistant(llm.url, shop.url, [agent], root), {
    tools: pool,
    logger: captureLogger('warn').logger,
    retryBaseDelayMs: 1,
    now: () => Date.UTC(2026, 2, 3, 14, 5),
  });
  return { llm, client, agentId: agent.name };
}

describe('ReAct agent loop over the mock LLM', () => {
  it('general-purpose agent: calls MCP tools, streams filler text, completes with task_completed', async () => {
    const { llm, client, agentId } = await setup([
      {
        match: { last_user_message: 'find me running shoes' },
        responses: [
          { content: 'Let me look that up.', tool_calls: [{ name: 'search_products', arguments: { query: 'running shoes' } }] },
          { content: 'I found Trail running shoes (89) and Road running shoes (120). Enjoy!', tool_calls: [{ name: 'task_completed', arguments: {} }] },
        ],
      },
    ]);
    const interim: BotMessage[] = [];
    const output = await client.run(agentId, agentInput('find me running shoes'), { exitIf: [], frameMetadata: {}, onInterim: (m) => interim.push(m) });
    expect(output).toMatchObject({ status: 'completed', response_message: 'I found Trail running shoes (89) and Road running shoes (120). Enjoy!' });
    expect(interim).toEqual([{ text: 'Let me look that up.' }]);
    expect(output.structured_results).toEqual([[{ name: 'search_products', result: expect.objectContaining({ structuredContent: { products: expect.arrayContaining([expect.objectContaining({ id: 'P-100' })]) } }) }]]);
    const [first, second] = chatRequests(llm.requests);
    expect(first!.tools).toEqual(expect.arrayContaining(['search_products', 'place_order', 'task_completed']));
    expect(first!.tools).not.toContain('set_slot_chosen_product');
    const system = String(first!.messages[0]!.content);
    expect(system).toContain('finder helps users find products');
    expect(system).toContain('call the task_completed tool');
    expect(system).toContain('Tuesday, 3 March 2026');
    expect(second!.messages.at(-1)).toMatchObject({ role: 'tool' });
    expect(JSON.stringify(second!.messages.at(-1))).toContain('Trail running shoes');
  });

  it('asks the user (input_required) and remembers the exchange in the next turn', async () => {
    const { llm, client, agentId } = await setup([
      { match: { last_user_message: 'I need a jacket' }, response: { content: 'What is your budget?' } },
      { match: { last_user_message: 'under 200' }, response: { content: 'The rain jacket costs 150.', tool_calls: [{ name: 'task_completed', arguments: {} }] } },
    ]);
    const first = await client.run(agentId, agentInput('I need a jacket'), { exitIf: [], frameMetadata: {} });
    expect(first).toMatchObject({ status: 'input_required', response_message: 'What is your budget?' });
    const frameMetadata = { ...first.metadata, agent_response: first.response_message };
    const second = await client.run(agentId, agentInput('under 200', [], 'USER: I need a jacket\nAI: What is your budget?\nUSER: under 200'), { exitIf: [], frameMetadata });
    expect(second).toMatchObject({ status: 'completed', response_message: 'The rain jacket costs 150.' });
    const roles = chatRequests(llm.requests)[1]!.messages.map((m) => `${m.role}:${typeof m.content === 'string' ? m.content : ''}`);
    expect(roles).toEqual(['system:' + String(chatRequests(llm.requests)[1]!.messages[0]!.content), 'user:I need a jacket', 'assistant:What is your budget?', 'user:under 200']);
  });

  it('tells the LLM when the agent resumes after a digression', async () => {
    const { llm, client, agentId } = await setup([{ match: { last_user_message: 'yes, continue' }, response: { content: 'Great, which size?' } }]);
    const memory = { react_memory: { messages: [{ role: 'user', content: 'I need a jacket' }, { role: 'assistant', content: 'What is your budget?' }], lastUserMessage: 'I need a jacket' } };
    const history = ['USER: I need a jacket', 'AI: What is your budget?', 'USER: what is my balance?', 'AI: 100 dollars', 'AI: What is your budget?', 'USER: yes, continue'].join('\n');
    await client.run(agentId, agentInput('yes, continue', [], history), { exitIf: [], frameMetadata: { ...memory, agent_response: 'What is your budget?' } });
    const system = String(chatRequests(llm.requests)[0]!.messages[0]!.content);
    expect(system).toContain('Your last question to them was:\n"What is your budget?"');
  });

  it('task-specific agent: set_slot tools, exits silently when every exit_if holds', async () => {
    const agent = subAgent('picker');
    const { llm, client } = await setup(
      [
        {
          match: { last_user_message: 'the trail ones, gift wrapped' },
          responses: [
            { tool_calls: [{ name: 'set_slot_chosen_product', arguments: { slot_value: 'P-100' } }] },
            { tool_calls: [{ name: 'set_slot_gift_wrap', arguments: { slot_value: 'true' } }, { name: 'set_slot_budget', arguments: { slot_value: '95.5' } }] },
          ],
        },
      ],
      agent,
    );
    const slots = [
      { name: 'chosen_product', value: null, type: 'text' },
      { name: 'gift_wrap', value: null, type: 'bool' },
      { name: 'budget', value: null, type: 'float' },
      { name: 'size', value: 'M', type: 'categorical', allowed_values: ['S', 'M', 'L'] },
    ];
    const exitIf = ['slots.chosen_product is not null', 'slots.gift_wrap is not null and slots.budget > 10'];
    const output = await client.run('picker', agentInput('the trail ones, gift wrapped', slots), { exitIf, frameMetadata: {} });
    expect(output).toEqual<AgentOutput>({
      id: 'agent-turn',
      status: 'completed',
      slots: { chosen_product: 'P-100', gift_wrap: true, budget: 95.5 },
      structured_results: [[{ name: 'set_slot_chosen_product', result: { chosen_product: 'P-100' } }], [{ name: 'set_slot_gift_wrap', result: { gift_wrap: true } }, { name: 'set_slot_budget', result: { budget: 95.5 } }]],
    });
    const [first] = chatRequests(llm.requests);
    expect(first!.tools).toEqual(expect.arrayContaining(['set_slot_chosen_product', 'set_slot_gift_wrap', 'set_slot_budget']));
    expect(first!.tools).not.toContain('task_completed');
    expect(first!.tools).not.toContain('set_slot_size');
    expect(String(first!.messages[0]!.content)).toContain('Your goal is to find values for: chosen_product, gift_wrap, budget');
    expect(chatRequests(llm.requests)).toHaveLength(2);
  });

  it('asks for the closing text once when task_completed comes without it', async () => {
    const { llm, client, agentId } = await setup([
      { match: { last_user_message: 'thanks, that is all' }, responses: [{ tool_calls: [{ name: 'task_completed', arguments: {} }] }, { content: 'Happy shopping!' }] },
    ]);
    const output = await client.run(agentId, agentInput('thanks, that is all'), { exitIf: [], frameMetadata: {} });
    expect(output).toMatchObject({ status: 'completed', response_message: 'Happy shopping!' });
    const nudge = chatRequests(llm.requests)[1]!;
    expect(nudge.tools).toEqual([]);
    expect(nudge.messages.at(-1)).toMatchObject({ role: 'system', content: expect.stringContaining('closing message') });
  });

  it('fails fatally when the LLM calls a tool the agent does not have', async () => {
    const { client, agentId } = await setup([{ match: { last_user_message: 'delete everything' }, response: { tool_calls: [{ name: 'drop_database', arguments: {} }] } }]);
    const output = await client.run(agentId, agentInput('delete everything'), { exitIf: [], frameMetadata: {} });
    expect(output).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining("tool 'drop_database'") });
  });

  it('fails fatally when an MCP tool returns isError', async () => {
    const { client, agentId } = await setup([{ match: { last_user_message: 'order P-999' }, response: { tool_calls: [{ name: 'place_order', arguments: { product_id: 'P-999', quantity: 1 } }] } }]);
    const output = await client.run(agentId, agentInput('order P-999'), { exitIf: [], frameMetadata: {} });
    expect(output).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining('unknown product P-999') });
  });

  it('retries recoverable LLM errors (500) and gives up after max_retries', async () => {
    const flaky = await setup([{ match: { last_user_message: 'hello' }, responses: [{ status: 500 }, { status: 503 }, { content: 'How can I help?' }] }]);
    const ok = await flaky.client.run(flaky.agentId, agentInput('hello'), { exitIf: [], frameMetadata: {} });
    expect(ok).toMatchObject({ status: 'input_required', response_message: 'How can I help?' });
    expect(chatRequests(flaky.llm.requests)).toHaveLength(3);

    const broken = await setup([{ match: { last_user_message: 'hello' }, response: { status: 500 } }], subAgent('finder', { maxRetries: 1 }));
    const failed = await broken.client.run(broken.agentId, agentInput('hello'), { exitIf: [], frameMetadata: {} });
    expect(failed).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining('HTTP 500') });
    expect(chatRequests(broken.llm.requests)).toHaveLength(2);
  });

  it('does not retry a client error (400)', async () => {
    const { llm, client, agentId } = await setup([{ match: { last_user_message: 'hello' }, response: { status: 400 } }]);
    expect(await client.run(agentId, agentInput('hello'), { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error' });
    expect(chatRequests(llm.requests)).toHaveLength(1);
  });

  it('times out a hanging LLM call', async () => {
    const { client, agentId } = await setup([{ match: { last_user_message: 'hello' }, response: { content: 'late', delay_ms: 5000 } }], subAgent('finder', { timeout: 0.2, maxRetries: 0 }));
    expect(await client.run(agentId, agentInput('hello'), { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining('timed out') });
  });

  it('completes with a generic text after max iterations', async () => {
    const { llm, client, agentId } = await setup([{ match: { last_user_message: 'socks' }, response: { tool_calls: [{ name: 'search_products', arguments: { query: 'socks' } }] } }], subAgent('finder', { maxIterations: 3 }));
    const output = await client.run(agentId, agentInput('socks'), { exitIf: [], frameMetadata: {} });
    expect(output).toMatchObject({ status: 'completed', response_message: BUDGET_EXHAUSTED_TEXT });
    expect(chatRequests(llm.requests)).toHaveLength(3);
  });

  it('offers only include_tools minus exclude_tools', async () => {
    const agent = subAgent('browser', {}, [{ name: 'shop', includeTools: ['search_products', 'place_order'], excludeTools: ['place_order'] }]);
    const { llm, client } = await setup([{ match: { last_user_message: 'hi' }, response: { content: 'Hello!' } }], agent);
    await client.run('browser', agentInput('hi'), { exitIf: [], frameMetadata: {} });
    expect(chatRequests(llm.requests)[0]!.tools.sort()).toEqual(['search_products', 'task_completed']);
  });

  it('reports an unknown agent and a broken configuration as fatal errors', async () => {
    const { client } = await setup([], subAgent('lost', { llm: { model_group: 'missing' } }));
    expect(client.has('lost')).toBe(true);
    expect(client.has('nobody')).toBe(false);
    expect(await client.run('nobody', agentInput('hi'), { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error' });
    expect(await client.run('lost', agentInput('hi'), { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining("model group 'missing'") });
  });
});

describe('customisation module and prompt template', () => {
  const base = resolve('src/adapters/agents/react/customization.ts');

  it('applies processInput, custom tools and processOutput from configuration.module', async () => {
    const root = mkdtempSync(join(tmpdir(), 'colloquy-agent-'));
    mkdirSync(join(root, 'sub_agents', 'vip'), { recursive: true });
    writeFileSync(
      join(root, 'sub_agents', 'vip', 'hooks.ts'),
      `import { ReactAgentCustomization } from ${JSON.stringify(base)};
export default class VipAgent extends ReactAgentCustomization {
  processInput(input) { return { ...input, slots: [...input.slots, { name: 'tier', value: 'gold', type: 'text' }] }; }
  processOutput(output) { return { ...output, response_message: output.response_message?.toUpperCase(), slots: { last_agent: this.agentId } }; }
  customTools() {
    return [{ name: 'loyalty_points', description: 'Points of the user', parameters: { type: 'object', properties: { user: { type: 'string' } } },
      execute: (args, ctx) => ({ user: args.user, points: 1200, slots: ctx.input.slots.length }) }];
  }
}
`,
    );
    writeFileSync(join(root, 'sub_agents', 'vip', 'prompt.jinja2'), 'CUSTOM PROMPT for {{ description }}; tier={% for s in slots %}{{ s.name }}={{ s.value }};{% endfor %}');
    const agent = subAgent('vip', { module: 'sub_agents/vip/hooks.ts', promptTemplate: 'sub_agents/vip/prompt.jinja2' });
    const { llm, client } = await setup(
      [{ match: { last_user_message: 'my points?' }, responses: [{ tool_calls: [{ name: 'loyalty_points', arguments: { user: 'ann' } }] }, { content: 'you have 1200 points', tool_calls: [{ name: 'task_completed', arguments: {} }] }] }],
      agent,
      root,
    );
    const output = await client.run('vip', agentInput('my points?'), { exitIf: [], frameMetadata: {} });
    expect(output).toMatchObject({ status: 'completed', response_message: 'YOU HAVE 1200 POINTS', slots: { last_agent: 'vip' } });
    expect(output.structured_results).toEqual([[{ name: 'loyalty_points', result: { user: 'ann', points: 1200, slots: 1 } }]]);
    const first = chatRequests(llm.requests)[0]!;
    expect(first.tools).toContain('loyalty_points');
    expect(first.messages[0]!.content).toBe('CUSTOM PROMPT for vip helps users find products; tier=tier=gold;');
  });

  it('rejects a module whose default export does not extend the base class', async () => {
    const root = mkdtempSync(join(tmpdir(), 'colloquy-agent-'));
    writeFileSync(join(root, 'bad.ts'), 'export default class NotAnAgent {}\n');
    const { client } = await setup([], subAgent('bad', { module: 'bad.ts' }), root);
    expect(await client.run('bad', agentInput('hi'), { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error', error_message: expect.stringContaining('must extend ReactAgentCustomization') });
  });
});
