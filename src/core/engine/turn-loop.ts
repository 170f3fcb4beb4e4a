/**
 * The turn loop (Rasa `MessageProcessor._run_prediction_loop`): ask the executor for the next
 * action, run utterances and built-ins in-engine, stop at `action_listen` or at an effect.
 * @module
 */
import type { Effect } from '../turn.ts';
import type { Draft, StepMetadata } from './draft.ts';
import { utter } from './expressions.ts';
import { advanceFlows, type Prediction } from './flow-executor.ts';
import { BUILTIN_ACTIONS } from './builtin-actions.ts';
import { isCustomAction } from './known-actions.ts';
import { correctedSlotsToValidate, pushSlotValidation } from './command-processor.ts';
import { responseContext, topFrame } from './stack-queries.ts';

/** Upper bound on actions per user message, so a misconfigured loop cannot spin forever. */
const MAX_ACTIONS_PER_TURN = 100;

function stepMetadataOfTop(d: Draft): StepMetadata | undefined {
  const top = topFrame(d.stack);
  return top && top.type !== 'search' ? { active_flow: top.flow_id, step_id: top.step_id } : undefined;
}

/**
 * Logs an action the way Rasa does: `action` event with the predicting step's metadata, which it
 * returns. Rasa's `policy`/`confidence` are left out: the flow policy predicts every action, always
 * with confidence 1.
 */
export function logAction(d: Draft, name: string): StepMetadata | undefined {
  const metadata = stepMetadataOfTop(d);
  d.emit(metadata ? { event: 'action', name, metadata } : { event: 'action', name });
  return metadata;
}

/** Runs an in-engine action; returns an effect when the action must run outside. */
function runAction(d: Draft, prediction: Extract<Prediction, { kind: 'action' }>): Effect | undefined {
  const { name } = prediction;
  if (name === 'action_listen') {
    logAction(d, name);
    return { type: 'listen' };
  }
  if (isCustomAction(d.assistant, name)) return { type: 'run_action', name };
  const toValidate = correctedSlotsToValidate(d);
  d.stepMetadata = logAction(d, name);
  try {
    const builtin = BUILTIN_ACTIONS[name];
    if (builtin) builtin(d, prediction.text);
    else utter(d, name, responseContext(d.stack));
  } finally {
    d.stepMetadata = undefined;
  }
  pushSlotValidation(d, toValidate);
  return undefined;
}

/** Continues the conversation from `next` (or from the executor) until an effect is needed. */
export function runUntilEffect(d: Draft, next?: Prediction): Effect {
  let pending = next;
  for (let i = 0; i < MAX_ACTIONS_PER_TURN; i++) {
    const prediction = pending ?? advanceFlows(d);
    pending = undefined;
    if (prediction.kind === 'effect') return prediction.effect;
    const effect = runAction(d, prediction);
    if (effect) return effect;
  }
  // Runaway loop: drop the stack rather than answer forever.
  d.setStack([]);
  logAction(d, 'action_listen');
  return { type: 'listen' };
}
