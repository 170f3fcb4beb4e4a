/**
 * Whether a turn hung up the call: `action_hangup` records `session_ended` with reason `hangup`.
 * @module
 */
import type { TurnResult } from '../../runtime/processor-api.ts';

export function turnHungUp(result: TurnResult): boolean {
  return result.state.events.slice(result.firstEventIndex).some((e) => e.event === 'session_ended' && e.reason === 'hangup');
}
