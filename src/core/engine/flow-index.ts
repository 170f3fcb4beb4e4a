/**
 * Cached look-ups into the immutable flow model: steps by id, collect steps, calls resolved,
 * fingerprints. Caches are keyed by the (immutable) objects, so a reloaded assistant gets fresh ones.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { CallFlowStep, CollectStep, Flow, SetSlotsStep, Step } from '../flows.ts';

const stepIndex = new WeakMap<Flow, Map<string, Step>>();
const resolvedSteps = new WeakMap<Flow, readonly Step[]>();
const collects = new WeakMap<Flow, readonly CollectStep[]>();
const fillable = new WeakMap<Flow, ReadonlySet<string>>();
const fingerprints = new WeakMap<Assistant, Readonly<Record<string, string>>>();

export function stepById(flow: Flow, id: string): Step | undefined {
  let index = stepIndex.get(flow);
  if (!index) {
    index = new Map(flow.steps.map((s) => [s.id, s]));
    stepIndex.set(flow, index);
  }
  return index.get(id);
}

export function isCollect(step: Step | undefined): step is CollectStep {
  return step?.kind === 'collect';
}

export function collectSteps(flow: Flow): readonly CollectStep[] {
  let steps = collects.get(flow);
  if (!steps) collects.set(flow, (steps = flow.steps.filter(isCollect)));
  return steps;
}

/** The flow's steps followed by the steps of flows it calls (transitively), as Rasa's `steps_with_calls_resolved`. */
export function stepsWithCallsResolved(assistant: Assistant, flow: Flow): readonly Step[] {
  const cached = resolvedSteps.get(flow);
  if (cached) return cached;
  const seen = new Set<string>([flow.id]);
  const out: Step[] = [];
  const visit = (f: Flow): void => {
    for (const step of f.steps) {
      out.push(step);
      if (step.kind === 'call_flow' && !seen.has((step as CallFlowStep).call)) {
        const child = assistant.flows[step.call];
        seen.add(step.call);
        if (child) visit(child);
      }
    }
  };
  visit(flow);
  resolvedSteps.set(flow, out);
  return out;
}

/**
 * Slots a SetSlot may fill while the flow runs: what it and the flows it calls collect (Rasa
 * `get_collect_steps` on resolved steps), except ask_before_filling.
 */
export function fillableSlots(assistant: Assistant, flow: Flow): ReadonlySet<string> {
  let names = fillable.get(flow);
  if (!names) {
    names = new Set(stepsWithCallsResolved(assistant, flow).flatMap((s) => (isCollect(s) && !s.askBeforeFilling ? [s.collect] : [])));
    fillable.set(flow, names);
  }
  return names;
}

export function setSlotsSteps(steps: readonly Step[]): SetSlotsStep[] {
  return steps.filter((s): s is SetSlotsStep => s.kind === 'set_slots');
}

export function readableName(assistant: Assistant, flowId: string): string {
  const flow = assistant.flows[flowId];
  return flow?.name || flowId;
}

/**
 * Hex characters of a flow's fingerprint kept in the `flow_hashes` slot: enough to notice a change
 * (one miss in 4 billion), a quarter of the size for a slot written into every conversation.
 */
const STORED_FINGERPRINT_LENGTH = 8;

/** Was `flow` changed since `stored` (a full fingerprint or its stored prefix) was taken? */
export function fingerprintDiffers(flow: Flow, stored: string): boolean {
  return !flow.fingerprint.startsWith(stored);
}

/** The `flow_hashes` value for the assistant's flows (shortened fingerprints). */
export function flowFingerprints(assistant: Assistant): Readonly<Record<string, string>> {
  let fp = fingerprints.get(assistant);
  if (!fp) {
    fp = Object.fromEntries(Object.values(assistant.flows).map((f) => [f.id, f.fingerprint.slice(0, STORED_FINGERPRINT_LENGTH)]));
    fingerprints.set(assistant, fp);
  }
  return fp;
}

/** Rasa `assemble_options_string`: "a, b and c". */
export function optionsString(names: readonly string[], conjunction = 'and'): string {
  if (names.length <= 1) return names[0] ?? '';
  return `${names.slice(0, -1).join(', ')} ${conjunction} ${names[names.length - 1]}`;
}
