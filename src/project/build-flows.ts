/**
 * Builds flows from the default patterns and the project's data files: parses every step,
 * flattens inline `next` branches into generated step ids and resolves every `next`.
 * @module
 */
import type { z } from 'zod';
import type { Domain } from '../core/domain.ts';
import { END, type Flow, type NextBranch, type NextSpec, type Step } from '../core/flows.ts';
import { fingerprintOf } from './fingerprint.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { checkSchema } from './schema-check.ts';
import { elseBranchSchema, FLOW_ID_PATTERN, flowSchema, ifBranchSchema, STEP_TYPE_KEYS, stepSchemas, type StepTypeKey } from './schemas/flow-schema.ts';
import { sourceRefOf } from './source-ref.ts';
import { describeValue, quoteList } from './wording.ts';

/** The `flows:` section of one file. */
export interface FlowPart {
  readonly origin: Origin;
  readonly builtin: boolean;
  readonly flows: unknown;
}

export interface StepInfo {
  readonly origin: Origin;
}

export interface FlowInfo {
  readonly origin: Origin;
  readonly builtin: boolean;
  readonly steps: ReadonlyMap<string, StepInfo>;
  /** False when a step failed its schema; graph checks are skipped to avoid follow-up noise. */
  readonly complete: boolean;
}

/** A predicate written somewhere in a flow, checked later by the predicate validator. */
export interface PredicateRef {
  readonly text: string;
  readonly origin: Origin;
}

export interface BuiltFlows {
  readonly flows: Record<string, Flow>;
  readonly info: Map<string, FlowInfo>;
  readonly predicates: PredicateRef[];
}

interface RawFlow {
  readonly id: string;
  readonly raw: unknown;
  readonly origin: Origin;
  readonly builtin: boolean;
}

export function buildFlows(parts: readonly FlowPart[], domain: Domain, subAgents: ReadonlySet<string>, report: Reporter): BuiltFlows {
  const raws = collectRawFlows(parts, report);
  const out: BuiltFlows = { flows: {}, info: new Map(), predicates: [] };
  const flowIds = new Set(raws.keys());
  for (const rawFlow of raws.values()) {
    const built = new FlowBuilder(rawFlow, { domain, subAgents, flowIds }, report, out.predicates).build();
    if (built) {
      out.flows[rawFlow.id] = built.flow;
      out.info.set(rawFlow.id, built.info);
    }
  }
  return out;
}

function collectRawFlows(parts: readonly FlowPart[], report: Reporter): Map<string, RawFlow> {
  const raws = new Map<string, RawFlow>();
  for (const part of parts) {
    if (part.flows == null) continue;
    const at = childOf(part.origin, 'flows');
    if (typeof part.flows !== 'object' || Array.isArray(part.flows)) {
      report.error('flow.schema', at, `'flows' must be a map of flow ids to flows, got ${describeValue(part.flows)}.`, "Write each flow as '<flow_id>:' under 'flows:'.");
      continue;
    }
    for (const [id, raw] of Object.entries(part.flows)) {
      const origin = childOf(at, id);
      if (!FLOW_ID_PATTERN.test(id)) {
        report.error('flow.id.invalid', origin, `flow id '${id}' is not valid.`, 'Use letters, digits and underscores only, not starting with a digit.', { mode: 'key' });
      }
      const previous = raws.get(id);
      if (previous && !previous.builtin && !part.builtin) {
        const where = previous.origin.file.file;
        report.error('flow.duplicate_id', origin, `flow '${id}' is already defined in ${where}.`, 'Rename one of the flows or delete the duplicate.', { mode: 'key' });
        continue;
      }
      raws.set(id, { id, raw, origin, builtin: part.builtin });
    }
  }
  return raws;
}

interface Known {
  readonly domain: Domain;
  readonly subAgents: ReadonlySet<string>;
  readonly flowIds: ReadonlySet<string>;
}

type StepData = z.output<(typeof stepSchemas)[StepTypeKey]>;

interface Entry {
  readonly origin: Origin;
  readonly kind?: StepTypeKey;
  readonly data?: StepData;
  id: string;
  /** The sequence (root or inline branch) this step belongs to. */
  readonly sequence: Entry[];
  readonly root: boolean;
  /** Inline step lists of `next` branches, by branch index. */
  readonly inline: Map<number, Entry[]>;
}

class FlowBuilder {
  private readonly entries: Entry[] = [];
  private complete = true;

  constructor(
    private readonly rawFlow: RawFlow,
    private readonly known: Known,
    private readonly report: Reporter,
    private readonly predicates: PredicateRef[],
  ) {}

  build(): { flow: Flow; info: FlowInfo } | undefined {
    const { id, origin } = this.rawFlow;
    const f = checkSchema(flowSchema, this.rawFlow.raw ?? {}, origin, this.report, 'flow');
    if (!f) return undefined;
    if (typeof f.if === 'string') this.predicates.push({ text: f.if, origin: childOf(origin, 'if') });
    this.collectSequence(f.steps, childOf(origin, 'steps'), true);
    this.entries.forEach((e, i) => {
      e.id = e.data?.id ?? `${id}_${i}_${e.kind ?? 'step'}${target(e)}`;
    });
    const stepInfo = new Map<string, StepInfo>();
    const steps: Step[] = [];
    for (const entry of this.entries) {
      if (stepInfo.has(entry.id)) {
        this.report.error('flow.step.duplicate_id', childOf(entry.origin, 'id'), `step id '${entry.id}' is used twice in flow '${id}'.`, 'Give every step of a flow its own id.');
        continue;
      }
      if (entry.id === END || entry.id === 'START') {
        this.report.error('flow.step.reserved_id', childOf(entry.origin, 'id'), `'${entry.id}' is reserved and cannot be a step id.`, 'Choose another id.');
      }
      stepInfo.set(entry.id, { origin: entry.origin });
      const step = this.buildStep(entry);
      if (step) steps.push(step);
    }
    const definition = {
      id,
      name: f.name ?? id,
      description: f.description,
      steps,
      ...(f.if !== undefined ? { guard: f.if } : {}),
      nluTriggers: (f.nlu_trigger ?? []).map((t) =>
        typeof t.intent === 'string' ? { intent: t.intent, confidenceThreshold: 0 } : { intent: t.intent.name, confidenceThreshold: t.intent.confidence_threshold ?? 0 },
      ),
      alwaysIncludeInPrompt: f.always_include_in_prompt ?? false,
      persistedSlots: f.persisted_slots ?? [],
      runPatternCompleted: f.run_pattern_completed ?? true,
      ...(f.translation ? { translation: f.translation } : {}),
    };
    // A flow without `name` is called by its id in words, as in Rasa (`create_default_name`); the
    // fingerprint keeps hashing the id there so stored `flow_hashes` stay valid.
    const name = f.name || id.replace(/[_-]/g, ' ');
    const flow: Flow = { ...definition, name, fingerprint: fingerprintOf(definition), source: sourceRefOf(origin) };
    return { flow, info: { origin, builtin: this.rawFlow.builtin, steps: stepInfo, complete: this.complete } };
  }

  private collectSequence(rawSteps: readonly unknown[], at: Origin, root: boolean): Entry[] {
    const sequence: Entry[] = [];
    rawSteps.forEach((raw, i) => {
      const origin = childOf(at, i);
      const parsed = this.parseStep(raw, origin);
      if (!parsed) this.complete = false;
      const entry: Entry = { origin, ...parsed, id: '', sequence, root, inline: new Map() };
      this.entries.push(entry);
      sequence.push(entry);
      const next = (raw as { next?: unknown } | null)?.next;
      if (Array.isArray(next)) {
        next.forEach((branch: unknown, j) => {
          const b = branch as { then?: unknown; else?: unknown } | null;
          const key = b && 'else' in b ? 'else' : 'then';
          const target = b?.[key];
          if (Array.isArray(target)) entry.inline.set(j, this.collectSequence(target, childOf(origin, 'next', j, key), false));
        });
      }
    });
    return sequence;
  }

  private parseStep(raw: unknown, at: Origin): { kind: StepTypeKey; data: StepData } | undefined {
    if (raw === null || typeof raw !== 'object' || Array.isArray(raw)) {
      this.report.error('flow.step.schema', at, `a step must be a map, got ${describeValue(raw)}.`, 'Write a step like "- collect: amount" or "- action: utter_greet".');
      return undefined;
    }
    for (const legacy of ['entry_prompt', 'generation_prompt']) {
      if (legacy in raw) {
        this.report.error('flow.step.unsupported', childOf(at, legacy), `'${legacy}' steps are not supported.`, 'Use a collect step or a custom action instead.', { mode: 'key' });
        return undefined;
      }
    }
    const kinds = STEP_TYPE_KEYS.filter((k) => k in raw);
    if (kinds.length !== 1) {
      const message = kinds.length === 0 ? 'step has no step type.' : `step has more than one step type (${quoteList(kinds)}).`;
      this.report.error(kinds.length === 0 ? 'flow.step.no_type' : 'flow.step.multiple_types', at, message, `Give each step exactly one of ${quoteList(STEP_TYPE_KEYS)}.`);
      return undefined;
    }
    const kind = kinds[0]!;
    const data = checkSchema(stepSchemas[kind], raw, at, this.report, 'flow.step');
    return data ? { kind, data } : undefined;
  }

  private buildStep(entry: Entry): Step | undefined {
    const { kind, data, id, origin } = entry;
    if (!kind || !data) return undefined;
    const base = { id, next: this.resolveNext(entry), source: sourceRefOf(origin) };
    const d = data as Record<string, unknown> & StepData;
    switch (kind) {
      case 'collect': {
        const c = d as z.output<typeof stepSchemas.collect>;
        const askAction = `action_ask_${c.collect}`;
        (c.rejections ?? []).forEach((r, i) => this.predicates.push({ text: r.if, origin: childOf(origin, 'rejections', i, 'if') }));
        return {
          ...base,
          kind: 'collect',
          collect: c.collect,
          utter: c.utter ?? `utter_ask_${c.collect}`,
          ...(this.known.domain.actions[askAction] ? { collectAction: askAction } : {}),
          askBeforeFilling: c.ask_before_filling ?? false,
          resetAfterFlowEnds: c.reset_after_flow_ends ?? true,
          rejections: c.rejections ?? [],
          forceSlotFilling: c.force_slot_filling ?? false,
          ...(c.description !== undefined ? { description: c.description } : {}),
          ...(c.silence_timeout !== undefined ? { silenceTimeout: c.silence_timeout } : {}),
        };
      }
      case 'action': {
        const a = d as z.output<typeof stepSchemas.action>;
        return { ...base, kind: 'action', action: a.action, ...(a.metadata ? { metadata: a.metadata } : {}) };
      }
      case 'set_slots': {
        const s = d as z.output<typeof stepSchemas.set_slots>;
        return { ...base, kind: 'set_slots', slots: s.set_slots.flatMap((m) => Object.entries(m).map(([name, value]) => ({ name, value }))), resetAfterFlowEnds: s.reset_after_flow_ends ?? true };
      }
      case 'link':
        return { ...base, kind: 'link', link: (d as z.output<typeof stepSchemas.link>).link };
      case 'noop':
        return { ...base, kind: 'noop' };
      case 'call':
        return this.buildCall(d as z.output<typeof stepSchemas.call>, base, origin);
    }
  }

  private buildCall(c: z.output<typeof stepSchemas.call>, base: { id: string; next: NextSpec; source: Step['source'] }, origin: Origin): Step {
    (c.exit_if ?? []).forEach((text, i) => this.predicates.push({ text, origin: childOf(origin, 'exit_if', i) }));
    if (c.mcp_server !== undefined || c.mapping !== undefined) {
      if (c.mcp_server === undefined) {
        this.report.error('flow.call.mapping_without_mcp_server', childOf(origin, 'mapping'), `'mapping' needs 'mcp_server' (call '${c.call}').`, "Add 'mcp_server: <name of a server in endpoints.yml>' to the step.", { mode: 'key' });
      }
      if (c.mapping === undefined) {
        this.report.error('flow.call.mcp_server_without_mapping', childOf(origin, 'mcp_server'), `'mcp_server' needs 'mapping' (call '${c.call}').`, "Add 'mapping: {input: [{param, slot}], output: [{slot, value}]}' to the step.", { mode: 'key' });
      }
      return {
        ...base,
        kind: 'call_tool',
        call: c.call,
        mcpServer: c.mcp_server ?? '',
        mapping: {
          input: c.mapping?.input ?? [],
          output: (c.mapping?.output ?? []).map((o) => ({ slot: o.slot, value: o.value ?? o.result_key ?? '' })),
        },
      };
    }
    if (this.known.subAgents.has(c.call)) return { ...base, kind: 'call_agent', call: c.call, exitIf: c.exit_if ?? [] };
    if (c.exit_if !== undefined) {
      this.report.error('flow.call.exit_if_without_agent', childOf(origin, 'exit_if'), `'exit_if' applies only to sub-agents, and '${c.call}' is not one.`, 'Remove exit_if, or define the sub-agent under sub_agents/<dir>/config.yml.', { mode: 'key' });
    }
    return { ...base, kind: 'call_flow', call: c.call };
  }

  private resolveNext(entry: Entry): NextSpec {
    const next = entry.data?.next;
    const at = childOf(entry.origin, 'next');
    if (entry.kind === 'link') {
      // Steps after a link are not its `next` (Rasa: link steps allow no next step); they are
      // reached by id, and the reachability check reports them when nothing points at them.
      if (next !== undefined) this.report.error('flow.link.next_not_allowed', at, "a link step cannot have 'next'; it always ends the flow.", "Remove 'next' from the link step.", { mode: 'key' });
      return END;
    }
    if (next === undefined || next === null) return this.defaultNext(entry);
    if (typeof next === 'string') return next;
    if (!Array.isArray(next) || next.length === 0) {
      this.report.error('flow.next.schema', at, `'next' must be a step id, END, or a list of if/then and else branches, got ${describeValue(next)}.`, 'Write e.g. "next: END" or "next: [{if: slots.x, then: step_id}, {else: END}]".');
      return END;
    }
    const branches: NextBranch[] = [];
    next.forEach((raw: unknown, j) => {
      const branchAt = childOf(at, j);
      const isElse = raw !== null && typeof raw === 'object' && 'else' in raw;
      const b = checkSchema(isElse ? elseBranchSchema : ifBranchSchema, raw, branchAt, this.report, 'flow.next');
      if (!b) return;
      const inline = entry.inline.get(j);
      const targetId = (value: string | unknown[]): string => {
        if (typeof value === 'string') return value;
        if (!inline || inline.length === 0) {
          this.report.error('flow.next.empty_branch', childOf(branchAt, isElse ? 'else' : 'then'), 'this branch has no steps.', 'Add steps to the branch or point it at a step id or END.');
          return END;
        }
        return inline[0]!.id;
      };
      if ('else' in b) {
        if (j !== next.length - 1) this.report.error('flow.next.else_not_last', branchAt, "'else' must be the last branch.", "Move the 'else' branch to the end of the list.");
        branches.push({ else: targetId(b.else) });
      } else {
        if (typeof b.if === 'string') this.predicates.push({ text: b.if, origin: childOf(branchAt, 'if') });
        branches.push({ if: b.if, then: targetId(b.then) });
      }
    });
    if (!branches.some((b) => 'else' in b)) {
      this.report.error('flow.next.missing_else', at, `step '${entry.id}' has if-branches but no 'else'.`, "Add a final '- else: <step id | END>' branch.");
    }
    return branches;
  }

  private defaultNext(entry: Entry): NextSpec {
    const i = entry.sequence.indexOf(entry);
    const following = entry.sequence[i + 1];
    if (entry.kind === 'noop') {
      this.report.error('flow.noop.missing_next', entry.origin, "a noop step needs 'next'.", "Add 'next:' with branches or a step id.");
      return END;
    }
    if (following) return following.id;
    if (!entry.root && entry.kind) {
      this.report.error(
        'flow.next.missing_in_branch',
        entry.origin,
        `step '${entry.id}' is the last step of a branch and has no 'next'.`,
        "Add 'next: <step id>' to continue the flow, or 'next: END' to end it.",
      );
    }
    return END;
  }
}

/** Readable suffix for generated step ids: `_collect_amount`-style. */
function target(e: Entry): string {
  if (!e.kind || !e.data) return '';
  const value = (e.data as Record<string, unknown>)[e.kind];
  return typeof value === 'string' ? `_${value.replace(/[^A-Za-z0-9_]+/g, '_')}` : '';
}

