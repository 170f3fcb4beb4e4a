import { describe, expect, it } from 'vitest';
import { InspectionLog } from '../inspection/inspection-log.ts';
import type { McpToolPool } from './create-tool-client.ts';
import { observeToolPool } from './observed-tool-pool.ts';

const pool: McpToolPool = {
  servers: ['shop'],
  listTools: async () => [],
  close: async () => undefined,
  callTool: async (_server, tool) => ({ result: { isError: tool === 'broken', content: [] } }),
};

describe('observeToolPool', () => {
  it("makes an agent's tool calls phases of the running turn, nested in the agent, failed when the result is an error", async () => {
    const log = new InspectionLog();
    const tools = observeToolPool(pool, log);
    await log.phase({ phase: 'turn', senderId: 's' }, () =>
      log.phase({ phase: 'agent', senderId: 's', name: 'shopper' }, async () => {
        await tools.callTool('shop', 'search', {});
        await tools.callTool('shop', 'broken', {});
      }),
    );
    expect(log.turns('s')[0]!.steps.map((s) => [s.phase, s.name, s.depth, s.outcome])).toEqual([
      ['agent', 'shopper', 1, 'ok'],
      ['tool', 'search', 2, 'ok'],
      ['tool', 'broken', 2, 'error'],
    ]);
    expect(tools.servers).toEqual(['shop']);
  });
});
