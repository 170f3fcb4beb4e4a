/**
 * `call: <tool>` steps with `mcp_server` (Rasa `mcp_tool_executor.py`): arguments come from slots,
 * results set slots; a failure reports an internal error and the flow goes on.
 * @module
 */
import type { CallToolStep } from '../flows.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { Draft } from './draft.ts';
import type { Prediction } from './flow-executor.ts';
import { patternFrame, push } from './frames.ts';
import { topFrame } from './stack-queries.ts';

export function runCallToolStep(d: Draft, step: CallToolStep): Prediction {
  const args: Record<string, unknown> = {};
  for (const { param, slot } of step.mapping.input) args[param] = d.slots[slot] ?? null;
  return { kind: 'effect', effect: { type: 'call_tool', tool: step.call, mcpServer: step.mcpServer, arguments: args, mapping: step.mapping } };
}

function withTopStepMetadata(d: Draft, run: () => void): void {
  const top = topFrame(d.stack);
  d.stepMetadata = top && top.type !== 'search' ? { active_flow: top.flow_id, step_id: top.step_id } : undefined;
  try {
    run();
  } finally {
    d.stepMetadata = undefined;
  }
}

export function applyToolResult(d: Draft, slots: Readonly<Record<string, unknown>>): void {
  withTopStepMetadata(d, () => {
    for (const [name, value] of Object.entries(slots)) d.emit({ event: 'slot', name, value });
  });
}

export function applyToolFailure(d: Draft): void {
  withTopStepMetadata(d, () => push(d, patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: {} })));
}
