/**
 * Commands: what understanding tells the engine (Rasa `dialogue_understanding/commands`).
 * The `command` strings are Rasa's JSON names, so `latest_message.commands` round-trips.
 * @module
 */

/** Who produced a SetSlot: the LLM, NLU, or a button payload (`/SetSlots(...)`). */
export type SlotExtractor = 'LLM' | 'NLU' | 'COMMAND_PAYLOAD_READER' | 'CUSTOM';

export type Command =
  | { readonly command: 'start flow'; readonly flow: string }
  | { readonly command: 'set slot'; readonly name: string; readonly value: unknown; readonly extractor?: SlotExtractor }
  | {
      readonly command: 'correct slot';
      readonly corrected_slots: readonly { readonly name: string; readonly value: unknown; readonly filled_by?: SlotExtractor }[];
    }
  | { readonly command: 'cancel flow' }
  | { readonly command: 'clarify'; readonly options: readonly string[] }
  | { readonly command: 'chitchat' }
  | { readonly command: 'knowledge' }
  | { readonly command: 'human handoff' }
  | { readonly command: 'skip question' }
  | { readonly command: 'repeat' }
  | { readonly command: 'cannot handle'; readonly reason?: CannotHandleReason }
  | { readonly command: 'error'; readonly error_type: string; readonly info?: Readonly<Record<string, unknown>> }
  | { readonly command: 'restart' }
  | { readonly command: 'session start' }
  | { readonly command: 'session end' }
  | { readonly command: 'handle code change' }
  | { readonly command: 'user silence' }
  | { readonly command: 'continue agent' }
  | { readonly command: 'restart agent'; readonly agent_id: string };

export type CommandName = Command['command'];

export type CannotHandleReason =
  | 'cannot_handle_default'
  | 'cannot_handle_chitchat'
  | 'cannot_handle_not_supported'
  | 'cannot_handle_no_relevant_answer'
  | 'cannot_handle_invalid_intent'
  | (string & {});

export const ERROR_TYPES = {
  default: 'rasa_internal_error_default',
  userInputTooLong: 'rasa_internal_error_user_input_too_long',
  userInputEmpty: 'rasa_internal_error_user_input_empty',
} as const;

export type CommandOf<N extends CommandName> = Extract<Command, { command: N }>;
