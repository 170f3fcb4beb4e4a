/**
 * The runtime's one `AgentClient`: routes each sub-agent to the client of its protocol
 * (`RASA` → ReAct, `A2A` → external agents).
 * @module
 */
import type { Assistant } from '../../core/assistant.ts';
import type { AgentClient } from '../../ports/agent-client.ts';

export interface AgentClientsByProtocol {
  /** `createReactAgentClient(...)`. */
  readonly react?: AgentClient;
  /** The A2A client, when there is one. */
  readonly a2a?: AgentClient;
}

export function createAgentClient(assistant: Assistant, clients: AgentClientsByProtocol): AgentClient {
  const clientOf = (agentId: string): AgentClient | undefined => {
    const protocol = assistant.subAgents[agentId]?.protocol;
    return protocol === 'RASA' ? clients.react : protocol === 'A2A' ? clients.a2a : undefined;
  };
  const all = [clients.react, clients.a2a].filter((c): c is AgentClient => c !== undefined);
  return {
    has: (agentId) => clientOf(agentId)?.has(agentId) ?? false,
    async run(agentId, input, options) {
      const client = clientOf(agentId);
      if (!client) {
        const protocol = assistant.subAgents[agentId]?.protocol;
        const reason = protocol ? `no client for ${protocol} sub-agents is configured` : `'${agentId}' is not a sub-agent of this assistant`;
        return { id: input.id, status: 'fatal_error', error_message: reason };
      }
      return client.run(agentId, input, options);
    },
    async cancelBackgroundTasks(senderId) {
      await Promise.all(all.map((c) => c.cancelBackgroundTasks?.(senderId)));
    },
    async close() {
      await Promise.all(all.map((c) => c.close()));
    },
  };
}
