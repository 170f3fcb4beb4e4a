/**
 * Minimal assistants with A2A sub-agents, and agent inputs, for the client tests.
 */
import type { AgentInput, AgentSlot } from '../../src/core/agent-io.ts';
import type { Assistant, ClientAuth, SubAgentConfig } from '../../src/core/assistant.ts';
import type { AgentTurnOptions } from '../../src/ports/agent-client.ts';

export function a2aAgent(name: string, agentCard: string, overrides: Partial<SubAgentConfig['configuration']> & { auth?: ClientAuth } = {}): SubAgentConfig {
  return {
    name,
    description: `${name} is an external agent`,
    protocol: 'A2A',
    dir: `sub_agents/${name}`,
    configuration: {
      includeDateTime: true,
      timezone: 'UTC',
      enableFillerMessages: true,
      agentCard,
      maxPollingTime: 10,
      pollingInitialDelay: 0.02,
      timeout: 5,
      maxRetries: 2,
      other: {},
      ...overrides,
    },
    mcpServers: [],
  };
}

/** Only the parts the A2A client reads are filled in. */
export function a2aAssistant(agents: readonly SubAgentConfig[], root = '/nonexistent', slots: readonly string[] = ['car_model', 'budget', 'order_id']): Assistant {
  return {
    root,
    subAgents: Object.fromEntries(agents.map((a) => [a.name, a])),
    domain: { slots: Object.fromEntries(slots.map((s) => [s, { type: 'text' }])) },
  } as unknown as Assistant;
}

export function agentInput(userMessage: string, metadata: Record<string, unknown> = {}, slots: AgentSlot[] = []): AgentInput {
  return { id: 'shop', user_message: userMessage, slots, conversation_history: `USER: ${userMessage}`, metadata, timestamp: 0 };
}

export function turn(frameMetadata: Record<string, unknown> = {}, extra: Partial<AgentTurnOptions> = {}): AgentTurnOptions {
  return { exitIf: [], frameMetadata, senderId: 'user-1', ...extra };
}
