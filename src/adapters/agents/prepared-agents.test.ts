import { describe, expect, it } from 'vitest';
import type { SubAgentConfig } from '../../core/assistant.ts';
import { PreparedAgents } from './prepared-agents.ts';

const agent = (name: string) => ({ name }) as SubAgentConfig;

describe('PreparedAgents', () => {
  it('prepares each agent once, also for concurrent turns', async () => {
    const calls: string[] = [];
    const agents = new PreparedAgents(async (config) => {
      calls.push(config.name);
      return `ready:${config.name}`;
    });
    expect(await Promise.all([agents.get(agent('a')), agents.get(agent('a')), agents.get(agent('b'))])).toEqual(['ready:a', 'ready:a', 'ready:b']);
    expect(await agents.get(agent('a'))).toBe('ready:a');
    expect(calls).toEqual(['a', 'b']);
  });

  it('tries again after a failed preparation, and after clear()', async () => {
    let attempts = 0;
    const agents = new PreparedAgents(async () => {
      if (++attempts === 1) throw new Error('agent is down');
      return attempts;
    });
    await expect(agents.get(agent('a'))).rejects.toThrow('agent is down');
    expect(await agents.get(agent('a'))).toBe(2);
    expect(await agents.get(agent('a'))).toBe(2);
    agents.clear();
    expect(await agents.get(agent('a'))).toBe(3);
  });
});
