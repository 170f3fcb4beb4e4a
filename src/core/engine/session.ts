/**
 * Session start (Rasa `ActionSessionStart`): `session_started` resets the conversation, slots
 * carry over per `session_config`, the channel's metadata lands in `session_started_metadata`.
 * @module
 */
import { HELPER_SLOT } from '../patterns/pattern-ids.ts';
import type { Draft } from './draft.ts';
import { sameValue } from './slot-values.ts';

export function beginSession(d: Draft, metadata: Readonly<Record<string, unknown>> | undefined): void {
  const carried = d.assistant.domain.session.carryOverSlotsToNewSession
    ? Object.entries(d.slots).filter(([name, value]) => !sameValue(value, d.assistant.domain.slots[name]?.initialValue ?? null))
    : [];
  d.emit({ event: 'session_started' });
  for (const [name, value] of carried) d.emit({ event: 'slot', name, value });
  if (metadata && Object.keys(metadata).length > 0) d.emit({ event: 'slot', name: HELPER_SLOT.sessionStartedMetadata, value: metadata });
}
