/**
 * The flow engine: command processing, the flow executor, default-pattern behaviour, the event fold.
 * @module
 */
export { newConversation, beginTurn, resume, startSession, applyEvents, replay } from './engine.ts';
export { applyPatch, diffFrames, type PatchOp } from './json-patch.ts';
export { coerceSlotValue, initialSlotValues } from './slot-values.ts';
export { MAX_STEPS } from './flow-executor.ts';
export { BUILTIN_ACTION_NAMES, INTENTLESS_ACTION, usesIntentlessPolicy } from './known-actions.ts';
export { responseContext } from './stack-queries.ts';
