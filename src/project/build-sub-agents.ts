/**
 * Builds sub-agent configs from `sub_agents/<dir>/config.yml`.
 * @module
 */
import type { SubAgentConfig } from '../core/assistant.ts';
import { buildClientAuth, checkSecrets } from './build-endpoints.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { SUB_AGENT_CONFIGURATION_KEYS, subAgentSchema } from './schemas/sub-agent-schema.ts';

export interface SubAgentFile {
  readonly origin: Origin;
  /** Project-relative folder, `sub_agents/<dir>`. */
  readonly dir: string;
  /** Parsed YAML before `${ENV}` interpolation (secret check). */
  readonly raw: unknown;
  /** After interpolation. */
  readonly data: unknown;
}

export function buildSubAgents(files: readonly SubAgentFile[], report: Reporter): { agents: Record<string, SubAgentConfig>; origins: Map<string, Origin> } {
  const agents: Record<string, SubAgentConfig> = {};
  const origins = new Map<string, Origin>();
  for (const file of files) {
    const agent = buildSubAgent(file, report);
    if (!agent) continue;
    const nameAt = childOf(file.origin, 'agent', 'name');
    const previous = origins.get(agent.name);
    if (previous) {
      report.error('sub_agent.duplicate_name', nameAt, `sub-agent '${agent.name}' is already defined in ${previous.file.file}.`, 'Give every sub-agent its own name.');
      continue;
    }
    agents[agent.name] = agent;
    origins.set(agent.name, nameAt);
  }
  return { agents, origins };
}

function buildSubAgent(file: SubAgentFile, report: Reporter): SubAgentConfig | undefined {
  const at = file.origin;
  const s = checkSchema(subAgentSchema, file.data ?? {}, at, report, 'sub_agent');
  if (!s) return undefined;
  const protocol = (s.agent.protocol ?? 'RASA').toUpperCase();
  if (protocol !== 'RASA' && protocol !== 'A2A') {
    report.error('sub_agent.protocol', childOf(at, 'agent', 'protocol'), `unknown protocol '${s.agent.protocol}'.`, "Use 'RASA' (ReAct agent on MCP tools) or 'A2A' (external agent).");
    return undefined;
  }
  const c = s.configuration ?? {};
  const rawConfig = (file.raw as { configuration?: { auth?: Record<string, unknown> } } | null)?.configuration;
  checkSecrets(rawConfig?.auth, childOf(at, 'configuration', 'auth'), report);
  const auth = c.auth ? buildClientAuth(c.auth, childOf(at, 'configuration', 'auth'), report) : undefined;
  const known = new Set<string>(SUB_AGENT_CONFIGURATION_KEYS);
  const other = Object.fromEntries(Object.entries(c).filter(([k]) => !known.has(k)));
  for (const key of Object.keys(other)) {
    report.warning('sub_agent.unknown_key', childOf(at, 'configuration', key), `unknown configuration key '${key}'.`, `Known keys: ${SUB_AGENT_CONFIGURATION_KEYS.join(', ')}.`, { mode: 'key' });
  }
  const servers = s.connections?.mcp_servers ?? [];
  if (protocol === 'RASA' && servers.length === 0) {
    report.error('sub_agent.no_mcp_servers', at, `sub-agent '${s.agent.name}' (protocol RASA) has no MCP servers.`, "List at least one server under 'connections: mcp_servers:' (names from endpoints.yml).");
  }
  if (protocol === 'A2A' && !c.agent_card) {
    report.error('sub_agent.missing_agent_card', childOf(at, 'configuration'), `A2A sub-agent '${s.agent.name}' has no 'agent_card'.`, "Set 'configuration: agent_card:' to a file path or an http(s) URL.", { mode: 'key' });
  }
  servers.forEach((server, i) => {
    if (server.include_tools && server.exclude_tools) {
      report.warning(
        'sub_agent.include_and_exclude_tools',
        childOf(at, 'connections', 'mcp_servers', i, 'exclude_tools'),
        `both 'include_tools' and 'exclude_tools' are set for MCP server '${server.name}'.`,
        'Use one of them: exclude_tools is applied after include_tools.',
        { mode: 'key' },
      );
    }
  });
  const opt = <K extends string, V>(key: K, v: V | undefined) => (v === undefined ? {} : { [key]: v });
  return {
    name: s.agent.name,
    description: s.agent.description,
    protocol,
    dir: file.dir,
    configuration: {
      ...opt('llm', c.llm),
      ...opt('promptTemplate', c.prompt_template),
      ...opt('module', c.module),
      ...opt('timeout', c.timeout),
      ...opt('maxRetries', c.max_retries),
      includeDateTime: c.include_date_time ?? true,
      timezone: c.timezone ?? 'UTC',
      enableFillerMessages: c.enable_filler_messages ?? true,
      ...opt('toolTimeout', c.tool_timeout),
      ...opt('maxIterations', c.max_iterations),
      ...opt('agentCard', c.agent_card),
      maxPollingTime: c.max_polling_time ?? 60,
      pollingInitialDelay: c.polling_initial_delay ?? 0.5,
      ...opt('auth', auth),
      other,
    },
    mcpServers: servers.map((m) => ({
      name: m.name,
      ...(m.include_tools ? { includeTools: m.include_tools } : {}),
      ...(m.exclude_tools ? { excludeTools: m.exclude_tools } : {}),
    })),
  };
}
