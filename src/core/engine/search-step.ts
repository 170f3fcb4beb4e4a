/**
 * Knowledge answers (Rasa `EnterpriseSearchPolicy`): `action_trigger_search` puts a search frame on
 * the stack; while it is on top the executor asks the runtime to search, and the outcome pops it —
 * the answer becomes a bot message, "nothing found" becomes `pattern_cannot_handle`, a failure
 * `pattern_internal_error`. The pattern below (`pattern_search`) then ends, and a collect it
 * interrupted asks its question again.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import type { EffectOutcome } from '../turn.ts';
import type { Draft } from './draft.ts';
import { patternFrame, popTop, push } from './frames.ts';
import { topFrame } from './stack-queries.ts';
import { logAction } from './turn-loop.ts';

export const SEARCH_POLICY = 'EnterpriseSearchPolicy';

export function hasSearchPolicy(assistant: Assistant): boolean {
  return assistant.config.policies.some((policy) => policy.name === SEARCH_POLICY);
}

export function pushSearchFrame(d: Draft): void {
  push(d, { type: 'search', frame_id: d.newFrameId() });
}

type SearchOutcome = Extract<EffectOutcome, { type: 'search_answered' | 'search_no_answer' | 'search_failed' }>;

export function applySearchOutcome(d: Draft, outcome: SearchOutcome): void {
  if (topFrame(d.stack)?.type === 'search') popTop(d);
  switch (outcome.type) {
    case 'search_answered':
      // Rasa's policy predicts `action_send_text` carrying the answer.
      logAction(d, 'action_send_text');
      d.say({ text: outcome.text, metadata: { ...outcome.metadata, utter_source: SEARCH_POLICY } });
      return;
    case 'search_no_answer':
      logAction(d, 'action_cancel_flow');
      push(d, patternFrame(d, PATTERN.cannotHandle, { reason: outcome.reason ?? 'cannot_handle_default' }));
      return;
    case 'search_failed':
      logAction(d, 'action_cancel_flow');
      push(d, patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: { error: outcome.error } }));
      return;
  }
}
