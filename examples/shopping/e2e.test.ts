/**
 * Runs the shopping e2e suite (e2e_tests/*.yml) in-process with the real MCP server, the mock LLM
 * over HTTP, the MCP tool pool and the ReAct agent client wired into the turn processor.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createAgentClient } from '../../src/adapters/agents/create-agent-client.ts';
import { createReactAgentClient } from '../../src/adapters/agents/react/react-agent-client.ts';
import { createModelClients } from '../../src/adapters/llm/index.ts';
import { createToolClient, type McpToolPool } from '../../src/adapters/mcp/create-tool-client.ts';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../../src/adapters/stores/memory-tracker-store.ts';
import { runCase } from '../../src/cli/e2e/run-case.ts';
import { loadTestCases, type TestCase } from '../../src/cli/e2e/test-file.ts';
import { loadModel } from '../../src/cli/load-model.ts';
import type { ActionRunner } from '../../src/ports/action-runner.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { startMockLlm, type MockLlmServer } from '../../src/server/mock-llm/mock-llm-server.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { startShoppingMcpServer, type ShoppingServer } from './mcp-server.ts';

const project = fileURLToPath(new URL('.', import.meta.url));
const noActions: ActionRunner = { has: () => false, run: () => Promise.reject(new Error('the shopping example has no custom actions')) };

describe('shopping example e2e suite', () => {
  let mcp: ShoppingServer;
  let llm: MockLlmServer;
  let tools: McpToolPool;
  let processor: TurnProcessor;
  let cases: TestCase[];

  beforeAll(async () => {
    mcp = await startShoppingMcpServer();
    llm = await startMockLlm({ fixtures: `${project}mock-llm.yml` });
    process.env.MOCK_LLM_URL = llm.url;
    process.env.SHOP_MCP_URL = mcp.url;
    const { assistant } = await loadModel({ project });
    const logger = pino({ level: 'silent' });
    tools = createToolClient(assistant, logger);
    const agents = createAgentClient(assistant, { react: createReactAgentClient(assistant, { tools, logger }) });
    const generator = createPipeline(assistant, { ...createModelClients(), warn: () => {}, onError: () => {} });
    processor = new TurnProcessor({ assistant: () => assistant, generator: () => generator, trackers: new MemoryTrackerStore(), locks: new MemoryLockStore(), actions: noActions, tools: () => tools, agents: () => agents, logger });
    cases = await loadTestCases(`${project}e2e_tests`);
  });
  afterAll(async () => {
    await tools.close();
    await Promise.all([mcp.close(), llm.close()]);
    delete process.env.MOCK_LLM_URL;
    delete process.env.SHOP_MCP_URL;
  });

  it('passes every case', async () => {
    expect(cases.length).toBeGreaterThanOrEqual(8);
    const failed: string[] = [];
    for (const [i, testCase] of cases.entries()) {
      const result = await runCase(processor, testCase, `shopper-${i}`);
      if (result.failures.length > 0) failed.push(`${testCase.name}: ${JSON.stringify(result.failures)}`);
    }
    expect(failed).toEqual([]);
  });
});
