/**
 * Flows in Rasa's flow JSON (`GET /flows`): the YAML keys, snake_case, one object per flow.
 * Optional keys may be `undefined`: JSON serialization drops them.
 * @module
 */
import type { Flow, Step } from '../core/flows.ts';

export function flowsToJson(flows: Readonly<Record<string, Flow>>): Record<string, unknown>[] {
  return Object.values(flows).map((flow) =>
    ({
      id: flow.id,
      name: flow.name,
      description: flow.description,
      if: flow.guard,
      nlu_trigger: flow.nluTriggers.length > 0 ? flow.nluTriggers.map((t) => ({ intent: { name: t.intent, confidence_threshold: t.confidenceThreshold } })) : undefined,
      always_include_in_prompt: flow.alwaysIncludeInPrompt,
      persisted_slots: flow.persistedSlots,
      run_pattern_completed: flow.runPatternCompleted,
      steps: flow.steps.map(stepJson),
    }),
  );
}

function stepJson(step: Step): Record<string, unknown> {
  const common = { id: step.id, next: step.next };
  switch (step.kind) {
    case 'collect':
      return ({
        ...common,
        collect: step.collect,
        utter: step.utter,
        ask_before_filling: step.askBeforeFilling,
        reset_after_flow_ends: step.resetAfterFlowEnds,
        rejections: step.rejections,
        force_slot_filling: step.forceSlotFilling,
        description: step.description,
        silence_timeout: step.silenceTimeout,
      });
    case 'action':
      return ({ ...common, action: step.action, metadata: step.metadata });
    case 'set_slots':
      return { ...common, set_slots: step.slots.map((slot) => ({ [slot.name]: slot.value })) };
    case 'link':
      return { ...common, link: step.link };
    case 'call_flow':
      return { ...common, call: step.call };
    case 'call_agent':
      return { ...common, call: step.call, exit_if: step.exitIf };
    case 'call_tool':
      return { ...common, call: step.call, mcp_server: step.mcpServer, mapping: step.mapping };
    case 'noop':
      return { ...common, noop: true };
  }
}
