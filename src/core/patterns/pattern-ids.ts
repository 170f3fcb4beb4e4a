/**
 * Ids of the default patterns and their helper slots (Rasa names). The flows themselves are YAML
 * in `default-patterns.yml`, read and merged by the project loader.
 * @module
 */

export const PATTERN = {
  cancelFlow: 'pattern_cancel_flow',
  cannotHandle: 'pattern_cannot_handle',
  chitchat: 'pattern_chitchat',
  clarification: 'pattern_clarification',
  codeChange: 'pattern_code_change',
  collectInformation: 'pattern_collect_information',
  completed: 'pattern_completed',
  continueInterrupted: 'pattern_continue_interrupted',
  correction: 'pattern_correction',
  customerSatisfaction: 'pattern_customer_satisfaction',
  humanHandoff: 'pattern_human_handoff',
  internalError: 'pattern_internal_error',
  repeatBotMessages: 'pattern_repeat_bot_messages',
  restart: 'pattern_restart',
  search: 'pattern_search',
  sessionStart: 'pattern_session_start',
  skipQuestion: 'pattern_skip_question',
  userSilence: 'pattern_user_silence',
  validateSlot: 'pattern_validate_slot',
} as const;

export const HELPER_SLOT = {
  flowHashes: 'flow_hashes',
  sessionStartedMetadata: 'session_started_metadata',
  silenceTimeout: 'silence_timeout',
  consecutiveSilenceTimeouts: 'consecutive_silence_timeouts',
  interruptedFlowToContinue: 'interrupted_flow_to_continue',
  continueInterruptedFlowConfirmation: 'continue_interrupted_flow_confirmation',
  routeSessionToCalm: 'route_session_to_calm',
} as const;

/** Default `global_silence_timeout` (seconds) when endpoints.yml does not set one. */
export const GLOBAL_SILENCE_TIMEOUT_DEFAULT = 7;
