/**
 * `call: <agent>` steps (Rasa `agent_executor.py`): build the AgentInput, hand the turn to the
 * runtime, then apply the AgentOutput — input_required keeps an agent frame waiting, completed
 * pops it, fatal errors report an internal error.
 * @module
 */
import type { AgentInput, AgentOutput, AgentSlot } from '../agent-io.ts';
import type { CallAgentStep } from '../flows.ts';
import { HELPER_SLOT, PATTERN } from '../patterns/pattern-ids.ts';
import type { AgentFrame } from '../stack.ts';
import type { Draft } from './draft.ts';
import { patternFrame, push, replaceTop, withAgentState } from './frames.ts';
import type { Prediction } from './flow-executor.ts';
import { agentFrameOf, topFrame } from './stack-queries.ts';
import { transcript } from './transcript.ts';

const AGENT_RESPONSE_KEY = 'agent_response';
const EXCLUDED_SLOTS = new Set<string>([HELPER_SLOT.flowHashes, HELPER_SLOT.sessionStartedMetadata, 'dialogue_stack', 'requested_slot']);

/** Slot names referenced as `slots.<name>` in `exit_if` predicates. */
export function exitIfSlots(exitIf: readonly string[]): string[] {
  const names = new Set<string>();
  for (const p of exitIf) for (const m of p.matchAll(/slots\.([A-Za-z_][A-Za-z0-9_]*)/g)) names.add(m[1]!);
  return [...names];
}

function agentSlots(d: Draft, exitIf: readonly string[]): AgentSlot[] {
  const exitSlots = new Set(exitIfSlots(exitIf));
  const out: AgentSlot[] = [];
  for (const [name, value] of Object.entries(d.slots)) {
    const def = d.assistant.domain.slots[name];
    if (!def || def.builtin || EXCLUDED_SLOTS.has(name)) continue;
    if ((value === null || value === undefined) && !exitSlots.has(name)) continue;
    out.push({ name, value: value ?? null, type: def.type, ...(def.type === 'categorical' && def.values ? { allowed_values: def.values } : {}) });
  }
  return out;
}

function latestUserText(d: Draft): string {
  const events = d.allEvents();
  for (let i = events.length - 1; i >= 0; i--) {
    const e = events[i]!;
    if (e.event === 'user') return e.text ?? '';
  }
  return '';
}

export function runCallAgentStep(d: Draft, step: CallAgentStep): 'continue' | Prediction {
  const frame = agentFrameOf(d.stack, step.call);
  if (frame && frame === topFrame(d.stack) && frame.state === 'interrupted') {
    // Back at the call step after a digression: repeat the agent's last question and wait.
    replaceTop(d, withAgentState(frame, 'waiting_for_input'));
    d.emit({ event: 'agent_resumed', agent_id: step.call, flow_id: frame.flow_id });
    return { kind: 'action', name: 'action_agent_request_user_input', text: String(frame.metadata[AGENT_RESPONSE_KEY] ?? '') };
  }
  if (step.exitIf.length > 0 && frame?.frame_id === `restart_agent_${step.call}`) {
    for (const name of exitIfSlots(step.exitIf)) if (d.slots[name] !== null && d.slots[name] !== undefined) d.emit({ event: 'slot', name, value: null });
  }
  const flowId = d.stepMetadata?.active_flow ?? frame?.flow_id ?? '';
  const input: AgentInput = {
    id: step.call,
    user_message: latestUserText(d),
    slots: agentSlots(d, step.exitIf),
    conversation_history: transcript(d.allEvents(), 20),
    metadata: { ...(frame?.metadata ?? {}), ...(step.exitIf.length > 0 ? { exit_if: step.exitIf } : {}) },
    timestamp: d.now(),
  };
  d.emit({ event: 'agent_started', agent_id: step.call, flow_id: flowId });
  return { kind: 'effect', effect: { type: 'call_agent', agentId: step.call, input, exitIf: step.exitIf } };
}

function removeAgentFrame(d: Draft, agentId: string): void {
  const frame = agentFrameOf(d.stack, agentId);
  if (!frame) return;
  d.setStack(d.stack.slice(0, d.stack.indexOf(frame)));
}

/** Applies an agent's output; returns the action to run next, if any. */
export function applyAgentOutput(d: Draft, agentId: string, output: AgentOutput): Prediction | undefined {
  const top = topFrame(d.stack);
  const flowId = top && top.type !== 'search' ? top.flow_id : '';
  const stepId = top && top.type !== 'search' ? top.step_id : '';
  d.stepMetadata = { active_flow: flowId, step_id: stepId };
  try {
    for (const [name, value] of Object.entries(output.slots ?? {})) d.emit({ event: 'slot', name, value });
    switch (output.status) {
      case 'input_required': {
        const metadata = { ...(output.metadata ?? {}), [AGENT_RESPONSE_KEY]: output.response_message ?? '', structured_results: output.structured_results ?? [] };
        if (top?.type === 'agent') replaceTop(d, { ...top, state: 'waiting_for_input', metadata, step_id: stepId, agent_id: agentId });
        else {
          const frame: AgentFrame = { type: 'agent', frame_id: d.newFrameId(), agent_id: agentId, flow_id: flowId, step_id: stepId, state: 'waiting_for_input', metadata };
          push(d, frame);
        }
        return { kind: 'action', name: 'action_agent_request_user_input', text: output.response_message ?? '' };
      }
      case 'completed':
        removeAgentFrame(d, agentId);
        d.emit({ event: 'agent_completed', agent_id: agentId, flow_id: flowId, status: 'completed' });
        return output.response_message ? { kind: 'action', name: 'action_send_text', text: output.response_message } : undefined;
      default:
        removeAgentFrame(d, agentId);
        d.emit({ event: 'agent_cancelled', agent_id: agentId, flow_id: flowId, ...(output.error_message ? { reason: output.error_message } : {}) });
        push(d, patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: {} }));
        return undefined;
    }
  } finally {
    d.stepMetadata = undefined;
  }
}
