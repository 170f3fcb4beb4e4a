import { describe, expect, it } from 'vitest';
import type { AgentInput } from '../../core/agent-io.ts';
import type { Assistant } from '../../core/assistant.ts';
import type { AgentClient } from '../../ports/agent-client.ts';
import { createAgentClient } from './create-agent-client.ts';

const assistant = { subAgents: { finder: { protocol: 'RASA' }, dealer: { protocol: 'A2A' } } } as unknown as Assistant;
const input: AgentInput = { id: 'x', user_message: 'hi', slots: [], conversation_history: '', metadata: {}, timestamp: 0 };

function fake(name: string, calls: string[]): AgentClient {
  return {
    has: () => true,
    run: async (agentId) => {
      calls.push(`${name}:${agentId}`);
      return { id: 'x', status: 'completed' };
    },
    close: async () => void calls.push(`${name}:close`),
  };
}

describe('createAgentClient', () => {
  it('routes each sub-agent to the client of its protocol', async () => {
    const calls: string[] = [];
    const client = createAgentClient(assistant, { react: fake('react', calls), a2a: fake('a2a', calls) });
    await client.run('finder', input, { exitIf: [], frameMetadata: {} });
    await client.run('dealer', input, { exitIf: [], frameMetadata: {} });
    await client.close();
    expect(calls).toEqual(['react:finder', 'a2a:dealer', 'react:close', 'a2a:close']);
  });

  it('reports agents without a client as unavailable fatal errors', async () => {
    const client = createAgentClient(assistant, { react: fake('react', []) });
    expect(client.has('dealer')).toBe(false);
    expect(client.has('ghost')).toBe(false);
    expect(await client.run('dealer', input, { exitIf: [], frameMetadata: {} })).toMatchObject({ status: 'fatal_error', error_message: 'no client for A2A sub-agents is configured' });
  });
});
