/**
 * Checks what flow steps refer to: slots, responses, actions, flows, sub-agents, MCP servers;
 * and the placement rules (link targets, call in patterns, persisted slots).
 * @module
 */
import type { Endpoints, SubAgentConfig } from '../core/assistant.ts';
import type { Domain } from '../core/domain.ts';
import { isPatternId, type CollectStep, type Flow, type Step } from '../core/flows.ts';
import { PATTERN } from '../core/patterns/pattern-ids.ts';
import type { FlowInfo } from './build-flows.ts';
import { BUILTIN_ACTION_NAMES } from '../core/engine/index.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { suggestion } from './wording.ts';

export interface FlowContext {
  readonly domain: Domain;
  readonly flows: Readonly<Record<string, Flow>>;
  readonly info: ReadonlyMap<string, FlowInfo>;
  readonly subAgents: Readonly<Record<string, SubAgentConfig>>;
  readonly endpoints: Endpoints;
  /** Action names the default patterns use (trusted as runtime-provided). */
  readonly patternActions: ReadonlySet<string>;
}

/** The only pattern a user flow may link to; patterns may link to any flow (not from internal error). */
const LINKABLE_PATTERN_FROM_FLOWS: string = PATTERN.humanHandoff;

export function validateFlowReferences(ctx: FlowContext, report: Reporter): void {
  const calledFlows = new Map<string, Origin>();
  for (const flow of Object.values(ctx.flows)) {
    const info = ctx.info.get(flow.id);
    if (!info || info.builtin) continue;
    const checker = new StepChecker(flow, info, ctx, report);
    for (const step of flow.steps) {
      checker.check(step);
      if (step.kind === 'call_flow') calledFlows.set(step.call, checker.at(step));
    }
    checker.checkFlow();
  }
  for (const [calledId, at] of calledFlows) {
    const called = ctx.flows[calledId];
    if (called?.steps.some((s) => s.kind === 'link')) {
      report.error('flow.call.target_links', at, `flow '${calledId}' is called here but contains a link step; called flows cannot link.`, `Replace the link in '${calledId}' with a call, or link to '${calledId}' instead of calling it.`);
    }
  }
}

class StepChecker {
  private readonly pattern: boolean;

  constructor(
    private readonly flow: Flow,
    private readonly info: FlowInfo,
    private readonly ctx: FlowContext,
    private readonly report: Reporter,
  ) {
    this.pattern = isPatternId(flow.id);
  }

  at(step: Step, ...more: (string | number)[]): Origin {
    return childOf(this.info.steps.get(step.id)!.origin, ...more);
  }

  check(step: Step): void {
    switch (step.kind) {
      case 'collect':
        return this.checkCollect(step);
      case 'action':
        return this.checkAction(step.action, this.at(step, 'action'));
      case 'set_slots':
        step.slots.forEach((s, i) => this.requireSlot(s.name, this.at(step, 'set_slots', i, s.name), { mode: 'key' }));
        return;
      case 'link':
        return this.checkLink(step.link, this.at(step, 'link'));
      case 'call_flow':
        return this.checkCallFlow(step.call, this.at(step, 'call'));
      case 'call_agent':
        if (this.pattern) this.callInPattern(this.at(step, 'call'));
        return;
      case 'call_tool':
        return this.checkCallTool(step, this.at.bind(this, step));
      case 'noop':
        return;
    }
  }

  /** Rasa `verify_slot_persistence_configuration`: steps of the flows this one calls count as its own. */
  checkFlow(): void {
    const persisted = this.flow.persistedSlots;
    if (persisted.length === 0) return;
    const reached = flowsReachedByCalls(this.flow, this.ctx.flows);
    const written = new Set(reached.flatMap((f) => f.steps.flatMap((s) => (s.kind === 'collect' ? [s.collect] : s.kind === 'set_slots' ? s.slots.map((x) => x.name) : []))));
    const persistedAt = childOf(this.info.origin, 'persisted_slots');
    persisted.forEach((slot, i) => {
      const at = childOf(persistedAt, i);
      if (!this.requireSlot(slot, at)) return;
      if (!written.has(slot)) {
        this.report.error('flow.persisted_slots.not_set', at, `persisted slot '${slot}' is not collected or set by a step of flow '${this.flow.id}' or of a flow it calls.`, 'List only slots this flow (or a flow it calls) fills with collect or set_slots steps.');
      }
    });
    for (const flow of reached) {
      for (const step of flow.steps) {
        const origin = this.ctx.info.get(flow.id)?.steps.get(step.id)?.origin;
        if (step.kind !== 'collect' || step.resetAfterFlowEnds || !origin) continue;
        this.report.error('flow.persisted_slots.with_reset_flag', childOf(origin, 'reset_after_flow_ends'), `step '${step.id}' sets 'reset_after_flow_ends: false' but flow '${this.flow.id}' uses 'persisted_slots'.`, "Use one mechanism: remove 'reset_after_flow_ends' and list the slot in 'persisted_slots'.", { mode: 'key' });
      }
    }
  }

  private checkCollect(step: CollectStep): void {
    const slotAt = this.at(step, 'collect');
    const slot = this.ctx.domain.slots[step.collect];
    if (!this.requireSlot(step.collect, slotAt)) return;
    const { responses, actions } = this.ctx.domain;
    const askUtter = `utter_ask_${step.collect}`;
    const askAction = `action_ask_${step.collect}`;
    if (step.utter !== askUtter) {
      this.requireResponse(step.utter, this.at(step, 'utter'));
    } else if (responses[askUtter] && actions[askAction]) {
      this.report.error('flow.collect.ambiguous_ask', slotAt, `slot '${step.collect}' has both '${askUtter}' and '${askAction}'.`, `Keep only one way of asking: delete the response '${askUtter}' or the action '${askAction}'.`);
    } else if (!responses[askUtter] && !actions[askAction] && (slot?.initialValue ?? null) === null) {
      this.report.error('flow.collect.no_question', slotAt, `slot '${step.collect}' is collected but there is no response '${askUtter}' or action '${askAction}' to ask for it.`, `Add a response '${askUtter}' to the domain (or an action '${askAction}', or give the slot an initial_value).`);
    }
    step.rejections.forEach((r, i) => this.requireResponse(r.utter, this.at(step, 'rejections', i, 'utter')));
  }

  private checkAction(name: string, at: Origin): void {
    if (name.includes('{{') || name.includes('{%')) return;
    const { actions, responses } = this.ctx.domain;
    if (actions[name] || responses[name] || BUILTIN_ACTION_NAMES.has(name) || this.ctx.patternActions.has(name)) return;
    const known = [...Object.keys(actions), ...Object.keys(responses)];
    const fix = name.startsWith('utter_') ? `Add a response '${name}' under 'responses:' in the domain or correct the name.` : `Add '${name}' under 'actions:' in the domain or correct the name.`;
    this.report.error('flow.action.unknown', at, `action '${name}' is not defined in the domain.`, suggestion(name, known, fix));
  }

  private checkLink(target: string, at: Origin): void {
    if (!this.requireFlow(target, at, 'link')) return;
    if (!isPatternId(target)) return;
    const allowed = this.pattern ? this.flow.id !== PATTERN.internalError : target === LINKABLE_PATTERN_FROM_FLOWS;
    if (!allowed) {
      this.report.error('flow.link.pattern_target', at, `flow '${this.flow.id}' cannot link to pattern '${target}'.`, `Link to a user flow or to '${PATTERN.humanHandoff}'.`);
    }
  }

  private checkCallFlow(target: string, at: Origin): void {
    if (this.pattern) return this.callInPattern(at);
    if (isPatternId(target) && this.ctx.flows[target]) {
      this.report.error('flow.call.pattern_target', at, `pattern '${target}' cannot be called.`, 'Call a user flow; patterns are started by the runtime.');
      return;
    }
    if (this.ctx.flows[target]) return;
    const known = [...Object.keys(this.ctx.flows), ...Object.keys(this.ctx.subAgents)];
    this.report.error('flow.call.unknown_target', at, `call target '${target}' is not a flow, a sub-agent, or (with mcp_server) an MCP tool.`, suggestion(target, known, `Define a flow or a sub-agent named '${target}', or add 'mcp_server' and 'mapping' to call a tool.`));
  }

  private checkCallTool(step: Extract<Step, { kind: 'call_tool' }>, at: (...more: (string | number)[]) => Origin): void {
    if (this.pattern) return this.callInPattern(at('call'));
    if (step.mcpServer && !this.ctx.endpoints.mcpServers.some((s) => s.name === step.mcpServer)) {
      const names = this.ctx.endpoints.mcpServers.map((s) => s.name);
      this.report.error('flow.call.unknown_mcp_server', at('mcp_server'), `MCP server '${step.mcpServer}' is not defined in endpoints.yml.`, suggestion(step.mcpServer, names, `Add it under 'mcp_servers:' in endpoints.yml or correct the name.`));
    }
    step.mapping.input.forEach((m, i) => this.requireSlot(m.slot, at('mapping', 'input', i, 'slot')));
    step.mapping.output.forEach((m, i) => this.requireSlot(m.slot, at('mapping', 'output', i, 'slot')));
  }

  private callInPattern(at: Origin): void {
    this.report.error('flow.call.in_pattern', at, `pattern '${this.flow.id}' uses a call step; patterns cannot call flows, agents or tools.`, 'Use a link step or an action in the pattern instead.');
  }

  private requireSlot(name: string, at: Origin, options?: { mode: 'key' }): boolean {
    if (this.ctx.domain.slots[name]) return true;
    this.report.error('flow.unknown_slot', at, `slot '${name}' is not defined in the domain.`, suggestion(name, Object.keys(this.ctx.domain.slots), "Add it under 'slots:' in domain.yml or correct the name."), options);
    return false;
  }

  private requireResponse(name: string, at: Origin): void {
    if (this.ctx.domain.responses[name]) return;
    this.report.error('flow.unknown_response', at, `response '${name}' is not defined in the domain.`, suggestion(name, Object.keys(this.ctx.domain.responses), "Add it under 'responses:' in the domain or correct the name."));
  }

  private requireFlow(target: string, at: Origin, verb: string): boolean {
    if (this.ctx.flows[target]) return true;
    this.report.error(`flow.${verb}.unknown_flow`, at, `${verb} target '${target}' is not a flow.`, suggestion(target, Object.keys(this.ctx.flows), 'Define the flow or correct the name.'));
    return false;
  }
}

/** The flow and every flow it calls, directly or through called flows (each once). */
function flowsReachedByCalls(flow: Flow, flows: Readonly<Record<string, Flow>>): Flow[] {
  const reached = new Map<string, Flow>([[flow.id, flow]]);
  for (const f of reached.values()) {
    for (const step of f.steps) {
      const called = step.kind === 'call_flow' ? flows[step.call] : undefined;
      if (called && !reached.has(called.id)) reached.set(called.id, called);
    }
  }
  return [...reached.values()];
}
