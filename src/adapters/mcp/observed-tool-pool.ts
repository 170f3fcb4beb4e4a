/**
 * The MCP pool as the agents see it: each tool call a ReAct agent makes is a `tool` phase of the
 * running turn (nested in the agent's phase), so metrics, traces and the inspector show it as they
 * show a flow's tool steps.
 * @module
 */
import type { RuntimeObserver } from '../../ports/runtime-observer.ts';
import type { McpToolPool } from './create-tool-client.ts';

export function observeToolPool(pool: McpToolPool, observer: RuntimeObserver): McpToolPool {
  return {
    servers: pool.servers,
    listTools: (server) => pool.listTools(server),
    close: () => pool.close(),
    // The pool does not know the conversation; the phase nests in the turn that made the call.
    callTool: (server, tool, args, options) =>
      observer.phase({ phase: 'tool', senderId: '', name: tool }, () => pool.callTool(server, tool, args, options), (call) => (call.result.isError === true ? 'error' : 'ok')),
  };
}
