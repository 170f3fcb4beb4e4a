/**
 * Actions the runtime provides without a domain entry (Rasa's default actions).
 * @module
 */
export const BUILTIN_ACTIONS: ReadonlySet<string> = new Set([
  'action_listen',
  'action_session_start',
  'action_restart',
  'action_default_fallback',
  'action_deactivate_loop',
  'action_back',
  'action_two_stage_fallback',
  'action_unlikely_intent',
  'action_extract_slots',
  'action_validate_slot_mappings',
  'action_run_slot_rejections',
  'action_cancel_flow',
  'action_correct_flow_slot',
  'action_clarify_flows',
  'action_continue_interrupted_flow',
  'action_cancel_interrupted_flows',
  'action_clean_stack',
  'action_trigger_search',
  'action_trigger_chitchat',
  'action_repeat_bot_messages',
  'action_hangup',
  'action_send_text',
  'action_agent_request_user_input',
  'action_reset_routing',
]);
