/**
 * Checks the step graph of each flow: `next` targets exist, every step is reachable from the
 * first one, and no loop runs forever without asking the user or running something.
 * @module
 */
import { END, type Flow, type Step } from '../core/flows.ts';
import type { FlowInfo } from './build-flows.ts';
import { childOf, type Origin, type Reporter } from './reporter.ts';
import { suggestion } from './wording.ts';

interface Edge {
  readonly target: string;
  readonly at: Origin;
}

/** Steps that only move the flow on; a loop made of these alone never stops. */
const INSTANT_KINDS: ReadonlySet<Step['kind']> = new Set(['set_slots', 'noop']);

export function validateFlowGraph(flow: Flow, info: FlowInfo, report: Reporter): void {
  if (!info.complete || flow.steps.length === 0) return;
  const byId = new Map(flow.steps.map((s) => [s.id, s]));
  const edges = new Map<string, Edge[]>();
  for (const step of flow.steps) {
    const out = edgesOf(step, info.steps.get(step.id)!.origin).filter((e) => {
      if (e.target === END || byId.has(e.target)) return true;
      report.error('flow.next.unknown_step', e.at, `step '${e.target}' does not exist in flow '${flow.id}'.`, suggestion(e.target, byId.keys(), "Use the id of a step in this flow, or 'END'."));
      return false;
    });
    edges.set(step.id, out);
  }
  const reached = new Set<string>();
  const queue = [flow.steps[0]!.id];
  while (queue.length > 0) {
    const id = queue.pop()!;
    if (reached.has(id) || id === END) continue;
    reached.add(id);
    for (const e of edges.get(id) ?? []) queue.push(e.target);
  }
  for (const step of flow.steps) {
    if (!reached.has(step.id)) {
      report.error('flow.step.unreachable', info.steps.get(step.id)!.origin, `step '${step.id}' can never be reached in flow '${flow.id}'.`, "Point a 'next' at it, or delete it.");
    }
  }
  findInstantCycle(flow, byId, edges, report);
}

function edgesOf(step: Step, origin: Origin): Edge[] {
  if (typeof step.next === 'string') return [{ target: step.next, at: childOf(origin, 'next') }];
  return step.next.map((b, j) =>
    'else' in b ? { target: b.else, at: childOf(origin, 'next', j, 'else') } : { target: b.then, at: childOf(origin, 'next', j, 'then') },
  );
}

function findInstantCycle(flow: Flow, byId: ReadonlyMap<string, Step>, edges: ReadonlyMap<string, Edge[]>, report: Reporter): void {
  const state = new Map<string, 'active' | 'done'>();
  const visit = (id: string): Edge | undefined => {
    state.set(id, 'active');
    for (const e of edges.get(id) ?? []) {
      const target = byId.get(e.target);
      if (!target || !INSTANT_KINDS.has(target.kind)) continue;
      if (state.get(e.target) === 'active') return e;
      if (!state.has(e.target)) {
        const found = visit(e.target);
        if (found) return found;
      }
    }
    state.set(id, 'done');
    return undefined;
  };
  for (const step of flow.steps) {
    if (!INSTANT_KINDS.has(step.kind) || state.has(step.id)) continue;
    const cycle = visit(step.id);
    if (cycle) {
      report.error('flow.next.endless_loop', cycle.at, `'next' loops back to '${cycle.target}' without a collect, action or call step in between; the flow would never stop.`, 'Add a collect or action step to the loop, or end it with END.');
      return;
    }
  }
}
