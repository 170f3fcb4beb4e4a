/**
 * A minimal assistant with ReAct sub-agents, the shopping MCP server and a mock LLM for agent tests.
 * @module
 */
import type { AgentInput, AgentSlot } from '../../src/core/agent-io.ts';
import type { Assistant, SubAgentConfig } from '../../src/core/assistant.ts';

export function subAgent(name: string, overrides: Partial<SubAgentConfig['configuration']> = {}, mcpServers: SubAgentConfig['mcpServers'] = [{ name: 'shop' }]): SubAgentConfig {
  return {
    name,
    description: `${name} helps users find products`,
    protocol: 'RASA',
    dir: `sub_agents/${name}`,
    configuration: {
      llm: { model_group: 'agent_llm' },
      includeDateTime: true,
      timezone: 'UTC',
      enableFillerMessages: true,
      maxPollingTime: 60,
      pollingInitialDelay: 0.5,
      other: {},
      ...overrides,
    },
    mcpServers,
  };
}

/** Only the parts the agent client reads are filled in. */
export function agentAssistant(llmUrl: string, mcpUrl: string, agents: readonly SubAgentConfig[], root = '/nonexistent'): Assistant {
  return {
    root,
    subAgents: Object.fromEntries(agents.map((a) => [a.name, a])),
    endpoints: {
      modelGroups: [{ id: 'agent_llm', models: [{ provider: 'openai_compatible', model: 'mock-model', apiBase: llmUrl, extra: {} }] }],
      mcpServers: [{ name: 'shop', url: mcpUrl, type: 'http' }],
      interactionHandling: { globalSilenceTimeout: 7 },
      other: {},
    },
  } as unknown as Assistant;
}

export function agentInput(userMessage: string, slots: AgentSlot[] = [], history = `USER: ${userMessage}`): AgentInput {
  return { id: 'agent-turn', user_message: userMessage, slots, conversation_history: history, metadata: {}, timestamp: 1_700_000_000 };
}

/** Chat requests the mock LLM received: messages and offered tool names. */
export function chatRequests(requests: readonly { path: string; body: unknown }[]): { messages: { role: string; content: unknown }[]; tools: string[] }[] {
  return requests
    .filter((r) => r.path === '/chat/completions')
    .map((r) => {
      const body = r.body as { messages: { role: string; content: unknown }[]; tools?: { function: { name: string } }[] };
      return { messages: body.messages, tools: (body.tools ?? []).map((t) => t.function.name) };
    });
}
