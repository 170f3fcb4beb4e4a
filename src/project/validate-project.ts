/**
 * Cross-file checks: sub-agents against flows and endpoints, model groups, the A2A server's
 * session guardrail, slot validations, response conditions and NLU triggers.
 * @module
 */
import type { AssistantConfig, Endpoints, NluExamples, SubAgentConfig } from '../core/assistant.ts';
import type { Domain } from '../core/domain.ts';
import { isPatternId, type Flow } from '../core/flows.ts';
import type { DomainOrigins } from './build-domain.ts';
import type { EndpointOrigins } from './build-endpoints.ts';
import type { FlowInfo, PredicateRef } from './build-flows.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { suggestion } from './wording.ts';

export interface ProjectParts {
  readonly config: AssistantConfig;
  readonly configOrigin: Origin;
  readonly domain: Domain;
  readonly domainOrigins: DomainOrigins;
  readonly flows: Readonly<Record<string, Flow>>;
  readonly flowInfo: ReadonlyMap<string, FlowInfo>;
  readonly builtinFlowIds: ReadonlySet<string>;
  /** Intents the default patterns trigger on (`session_start`, `silence_timeout`, …). */
  readonly systemIntents: ReadonlySet<string>;
  readonly endpoints: Endpoints;
  readonly endpointOrigins: EndpointOrigins;
  readonly subAgents: Readonly<Record<string, SubAgentConfig>>;
  readonly subAgentOrigins: ReadonlyMap<string, Origin>;
  readonly nlu: readonly NluExamples[];
  readonly modelGroupRefs: readonly { id: string; origin: Origin }[];
}

/** Reports cross-file problems; returns predicates found in the domain for the predicate check. */
export function validateProject(p: ProjectParts, report: Reporter): PredicateRef[] {
  checkSubAgents(p, report);
  checkModelGroups(p, report);
  checkA2AServer(p, report);
  checkMetaMaps(p, report);
  checkFlowIds(p, report);
  return domainPredicates(p, report);
}

function checkSubAgents(p: ProjectParts, report: Reporter): void {
  const servers = new Set(p.endpoints.mcpServers.map((s) => s.name));
  for (const agent of Object.values(p.subAgents)) {
    const at = p.subAgentOrigins.get(agent.name)!;
    if (p.flows[agent.name]) {
      report.error('sub_agent.name_is_flow_id', at, `sub-agent name '${agent.name}' is also a flow id.`, 'Rename the sub-agent or the flow; call steps must be unambiguous.');
    }
    const fileRoot: Origin = { file: at.file, path: [] };
    agent.mcpServers.forEach((server, i) => {
      if (!servers.has(server.name)) {
        report.error('sub_agent.unknown_mcp_server', childOf(fileRoot, 'connections', 'mcp_servers', i, 'name'), `MCP server '${server.name}' is not defined in endpoints.yml.`, suggestion(server.name, servers, "Add it under 'mcp_servers:' in endpoints.yml or correct the name."));
      }
    });
    const group = (agent.configuration.llm as { model_group?: unknown } | undefined)?.model_group;
    if (typeof group === 'string') checkModelGroup(group, childOf(fileRoot, 'configuration', 'llm', 'model_group'), p, report);
  }
}

function checkModelGroups(p: ProjectParts, report: Reporter): void {
  for (const ref of p.modelGroupRefs) checkModelGroup(ref.id, ref.origin, p, report);
}

function checkModelGroup(id: string, at: Origin, p: ProjectParts, report: Reporter): void {
  if (p.endpointOrigins.modelGroups.has(id)) return;
  report.error('config.unknown_model_group', at, `model group '${id}' is not defined in endpoints.yml.`, suggestion(id, p.endpointOrigins.modelGroups.keys(), "Add it under 'model_groups:' in endpoints.yml or correct the id."));
}

function checkA2AServer(p: ProjectParts, report: Reporter): void {
  if (!p.endpoints.a2aServer || !p.domain.session.startSessionAfterExpiry) return;
  report.error(
    'validation.a2a_server.incompatible_session_config',
    p.domainOrigins.startSessionAfterExpiry ?? p.endpointOrigins.a2aServer!,
    "'start_session_after_expiry: true' cannot be used with 'a2a_server': a resumed A2A context would start a new session and reset its slots.",
    "Set 'session_config: start_session_after_expiry: false' in the domain.",
  );
}

function checkMetaMaps(p: ProjectParts, report: Reporter): void {
  p.endpoints.mcpServers.forEach((server) => {
    const at = p.endpointOrigins.mcpServers.get(server.name)!;
    server.metaMap?.fromSlots.forEach((m, i) => {
      if (!p.domain.slots[m.slot]) {
        report.error('endpoints.meta_map.unknown_slot', childOf(at, 'meta_map', 'from_slots', i, 'slot'), `slot '${m.slot}' is not defined in the domain.`, suggestion(m.slot, Object.keys(p.domain.slots), "Add it under 'slots:' in the domain or correct the name."));
      }
    });
  });
}

function checkFlowIds(p: ProjectParts, report: Reporter): void {
  // The system intents the default patterns react to (`/session_start`, `/silence_timeout`) are known
  // to a flow that overrides such a pattern, as in Rasa.
  const intents = new Set([...p.domain.intents, ...p.nlu.map((n) => n.intent), ...p.systemIntents]);
  for (const flow of Object.values(p.flows)) {
    const info = p.flowInfo.get(flow.id)!;
    if (info.builtin) continue;
    if (isPatternId(flow.id) && p.builtinFlowIds.size > 0 && !p.builtinFlowIds.has(flow.id)) {
      report.warning('flow.id.unknown_pattern', info.origin, `'${flow.id}' looks like a pattern but there is no default pattern with that id.`, suggestion(flow.id, p.builtinFlowIds, "Ids starting with 'pattern_' override default patterns; rename the flow otherwise."), { mode: 'key' });
    }
    flow.nluTriggers.forEach((t, i) => {
      if (!intents.has(t.intent)) {
        report.warning('flow.nlu_trigger.unknown_intent', childOf(info.origin, 'nlu_trigger', i, 'intent'), `intent '${t.intent}' has no NLU examples and is not listed in the domain.`, "Add it under 'intents:' in the domain and give it examples under 'nlu:'.");
      }
    });
  }
}

function domainPredicates(p: ProjectParts, report: Reporter): PredicateRef[] {
  const predicates: PredicateRef[] = [];
  const { slots, responses } = p.domain;
  for (const slot of Object.values(slots)) {
    if (slot.builtin || !slot.validation) continue;
    const at = childOf(p.domainOrigins.slots.get(slot.name)!, 'validation');
    slot.validation.rejections.forEach((r, i) => {
      predicates.push({ text: r.if, origin: childOf(at, 'rejections', i, 'if') });
      if (!responses[r.utter]) report.error('domain.unknown_response', childOf(at, 'rejections', i, 'utter'), `response '${r.utter}' is not defined in the domain.`, "Add it under 'responses:' or correct the name.");
    });
    const refill = slot.validation.refillUtter;
    if (refill && !responses[refill]) report.error('domain.unknown_response', childOf(at, 'refill_utter'), `response '${refill}' is not defined in the domain.`, "Add it under 'responses:' or correct the name.");
  }
  for (const [name, variations] of Object.entries(responses)) {
    const at = p.domainOrigins.responses.get(name);
    if (!at) continue;
    variations.forEach((v, i) => {
      if (typeof v.condition === 'string') predicates.push({ text: v.condition, origin: childOf(at, i, 'condition') });
    });
  }
  return predicates;
}
