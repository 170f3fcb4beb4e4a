/**
 * Rasa session semantics: a conversation idle longer than `session_expiration_time` starts a new session.
 * @module
 */
import type { SessionConfig } from '../core/domain.ts';
import type { ConversationState } from '../core/state.ts';

export function isSessionExpired(state: ConversationState, session: SessionConfig, nowSeconds: number): boolean {
  if (session.sessionExpirationTime <= 0 || state.latest_event_time <= 0) return false;
  return nowSeconds - state.latest_event_time > session.sessionExpirationTime * 60;
}
