/**
 * Builds assistants for engine tests from inline YAML through the real project loader
 * (`loadProjectFromFiles`), so scenarios run on exactly what `colloquy run` would load.
 * Sub-agents and MCP servers named here are declared in generated `sub_agents/` and `endpoints.yml`.
 */
import type { Assistant } from '../../src/core/assistant.ts';
import { formatDiagnostic, loadProjectFromFiles } from '../../src/project/index.ts';

export interface FixtureFiles {
  readonly domain?: string;
  /** A data file with `flows:`. */
  readonly flows?: string;
  /** Sub-agents (protocol RASA) to declare, each with the `agent_tools` MCP server. */
  readonly subAgents?: readonly string[];
  /** MCP servers to declare in endpoints.yml (besides `agent_tools` when there are sub-agents). */
  readonly mcpServers?: readonly string[];
  readonly policies?: readonly string[];
  /** Extra endpoints.yml text (top-level keys). */
  readonly endpoints?: string;
  /** Extra credentials.yml text (channels). */
  readonly credentials?: string;
}

const AGENT_SERVER = 'agent_tools';

function configYaml(policies: readonly string[]): string {
  return `recipe: default.v1\nlanguage: en\nassistant_id: engine_test\npipeline:\n  - name: OfflineCommandGenerator\npolicies:\n${policies.map((p) => `  - name: ${p}\n`).join('')}`;
}

function endpointsYaml(servers: readonly string[], extra: string): string {
  const list = servers.map((name) => `  - name: ${name}\n    url: http://127.0.0.1:9/mcp\n    type: http\n`).join('');
  return `${servers.length > 0 ? `mcp_servers:\n${list}` : ''}${extra}`;
}

function subAgentYaml(name: string): string {
  return `agent:\n  name: ${name}\n  description: ${name} helps the user\nconnections:\n  mcp_servers:\n    - name: ${AGENT_SERVER}\n`;
}

/** Loads the fixture project; throws with every diagnostic when it has errors. */
export function assistantFromYaml(fixture: FixtureFiles): Assistant {
  const agents = fixture.subAgents ?? [];
  const servers = [...(fixture.mcpServers ?? []), ...(agents.length > 0 ? [AGENT_SERVER] : [])];
  const files: Record<string, string> = {
    'config.yml': configYaml(fixture.policies ?? ['FlowPolicy']),
    'domain.yml': fixture.domain ?? 'version: "3.1"\n',
    'data/flows.yml': fixture.flows ?? 'flows: {}\n',
    'endpoints.yml': endpointsYaml(servers, fixture.endpoints ?? ''),
  };
  if (fixture.credentials) files['credentials.yml'] = fixture.credentials;
  for (const name of agents) files[`sub_agents/${name}/config.yml`] = subAgentYaml(name);
  const { assistant, diagnostics } = loadProjectFromFiles(files, '/virtual', { env: {} });
  if (!assistant) throw new Error(`fixture project does not load:\n${diagnostics.map((d) => formatDiagnostic(d)).join('\n')}`);
  return assistant;
}
