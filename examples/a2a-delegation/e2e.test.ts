/**
 * Runs the a2a-delegation e2e suites in-process against the real dealer agent (peer-agent.ts)
 * over A2A: with the agent up (delegation.yml), down at startup (agent_down.yml), and going down
 * in the middle of a conversation.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createA2aAgentClient, type A2aAgentClient } from '../../src/adapters/agents/a2a/index.ts';
import { createAgentClient } from '../../src/adapters/agents/create-agent-client.ts';
import { createModelClients } from '../../src/adapters/llm/index.ts';
import { MemoryLockStore } from '../../src/adapters/stores/memory-lock-store.ts';
import { MemoryTrackerStore } from '../../src/adapters/stores/memory-tracker-store.ts';
import { runCase } from '../../src/cli/e2e/run-case.ts';
import { loadTestCases } from '../../src/cli/e2e/test-file.ts';
import { loadModel } from '../../src/cli/load-model.ts';
import type { ActionRunner } from '../../src/ports/action-runner.ts';
import { TurnProcessor } from '../../src/runtime/turn-processor.ts';
import { createPipeline } from '../../src/understanding/pipeline.ts';
import { startDealerAgent, type DealerAgent } from './peer-agent.ts';
import { freePort } from '../../src/server/free-port.ts';

const project = fileURLToPath(new URL('.', import.meta.url));
const noActions: ActionRunner = { has: () => false, run: () => Promise.reject(new Error('this example has no custom actions')) };
const API_KEY = 'dealer-key';

/** Loads the project with the card at `cardUrl` and wires the A2A client into a turn processor. */
async function assistantWith(cardUrl: string): Promise<{ processor: TurnProcessor; a2a: A2aAgentClient }> {
  process.env.CAR_DEALER_CARD_URL = cardUrl;
  process.env.CAR_DEALER_API_KEY = API_KEY;
  const { assistant, offlineModel } = await loadModel({ project });
  const logger = pino({ level: 'silent' });
  const a2a = createA2aAgentClient(assistant, { logger, retryBaseDelayMs: 20, limits: { cardTimeoutMs: 1000 } });
  const agents = createAgentClient(assistant, { a2a });
  const generator = createPipeline(assistant, { ...createModelClients(), ...(offlineModel ? { offlineModel } : {}), warn: () => {}, onError: () => {} });
  const processor = new TurnProcessor({ assistant: () => assistant, generator: () => generator, trackers: new MemoryTrackerStore(), locks: new MemoryLockStore(), actions: noActions, agents: () => agents, logger });
  return { processor, a2a };
}

async function closedPortUrl(): Promise<string> {
  return `http://127.0.0.1:${await freePort()}/.well-known/agent-card.json`;
}

async function failuresOf(processor: TurnProcessor, file: string, prefix: string): Promise<string[]> {
  const cases = await loadTestCases(`${project}e2e_tests/${file}`);
  expect(cases.length).toBeGreaterThan(0);
  const failed: string[] = [];
  for (const [i, testCase] of cases.entries()) {
    const result = await runCase(processor, testCase, `${prefix}-${i}`);
    if (result.failures.length > 0) failed.push(`${testCase.name}: ${JSON.stringify(result.failures)}`);
  }
  return failed;
}

describe('a2a-delegation example', () => {
  let dealer: DealerAgent;
  beforeAll(async () => {
    dealer = await startDealerAgent({ apiKey: API_KEY, workMs: 20 });
  });
  afterAll(async () => {
    await dealer.close();
    delete process.env.CAR_DEALER_CARD_URL;
    delete process.env.CAR_DEALER_API_KEY;
  });

  it('passes delegation.yml with the agent up (health check first)', async () => {
    const { processor, a2a } = await assistantWith(dealer.cardUrl);
    const report = await a2a.checkAgents();
    expect(report.agents).toEqual([expect.objectContaining({ agentId: 'car_dealer', ok: true, transport: 'JSONRPC', protocolVersion: '1.0', streaming: true })]);
    expect(await failuresOf(processor, 'delegation.yml', 'up')).toEqual([]);
    await a2a.close();
  });

  it('passes agent_down.yml with the agent down at startup; the health check reports it', async () => {
    const { processor, a2a } = await assistantWith(await closedPortUrl());
    const report = await a2a.checkAgents();
    expect(report.ok).toBe(false);
    expect(report.agents[0]?.error).toMatch(/cannot load the agent card .*cannot reach the agent/);
    expect(await failuresOf(processor, 'agent_down.yml', 'down')).toEqual([]);
  });

  it('reports an internal error when the agent goes down mid-conversation, and keeps serving', async () => {
    const mortal = await startDealerAgent({ apiKey: API_KEY, workMs: 20 });
    const { processor } = await assistantWith(mortal.cardUrl);
    const first = await processor.handleMessage({ senderId: 'mid', text: 'I want to buy a car', channel: 'rest' });
    expect(first.messages.map((m) => m.text).join(' ')).toMatch(/Which model would you like/);
    await mortal.close();
    const second = await processor.handleMessage({ senderId: 'mid', text: 'the golf please', channel: 'rest' });
    expect(second.messages.map((m) => m.utter_action)).toContain('utter_internal_error_rasa');
    expect(second.state.stack.some((f) => f.type === 'agent')).toBe(false);
    const third = await processor.handleMessage({ senderId: 'mid', text: 'what are your opening hours', channel: 'rest' });
    expect(third.messages.map((m) => m.utter_action)).toContain('utter_opening_hours');
  });
});
