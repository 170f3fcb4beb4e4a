/**
 * Which action names the executor can run: responses, custom actions, built-ins.
 * @module
 */
import type { Assistant } from '../assistant.ts';

export const BUILTIN_ACTION_NAMES: ReadonlySet<string> = new Set([
  'action_listen',
  'action_cancel_flow',
  'action_correct_flow_slot',
  'action_clarify_flows',
  'action_run_slot_rejections',
  'action_repeat_bot_messages',
  'action_restart',
  'action_session_start',
  'action_hangup',
  'action_clean_stack',
  'action_continue_interrupted_flow',
  'action_cancel_interrupted_flows',
  'action_send_text',
  'action_agent_request_user_input',
  'action_trigger_chitchat',
  'action_trigger_search',
  'action_handoff_metric',
]);

export function isKnownAction(assistant: Assistant, name: string): boolean {
  return name in assistant.domain.responses || name in assistant.domain.actions || BUILTIN_ACTION_NAMES.has(name);
}

/** Custom actions (declared under `actions:`) replace built-ins of the same name, except `action_listen`. */
export function isCustomAction(assistant: Assistant, name: string): boolean {
  return name in assistant.domain.actions && name !== 'action_listen' && !(name.startsWith('utter_') && name in assistant.domain.responses);
}
