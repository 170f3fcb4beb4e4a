/**
 * The engine's public transitions: begin a turn with a user message, resume after an effect,
 * start a session. Pure: state and context in, next state, events, messages and one effect out.
 * @module
 */
import type { Assistant } from '../assistant.ts';
import type { BotMessage, Event, EventOf, ParseData } from '../events.ts';
import { PATTERN } from '../patterns/pattern-ids.ts';
import { emptyConversationState, type ConversationState } from '../state.ts';
import type { EffectOutcome, EngineContext, Transition, UserInput } from '../turn.ts';
import { applyEvents } from './apply-event.ts';
import { applyAgentOutput } from './agent-step.ts';
import { correctedSlotsToValidate, processCommands, pushSlotValidation } from './command-processor.ts';
import { Draft } from './draft.ts';
import { patternFrame, push } from './frames.ts';
import type { Prediction } from './flow-executor.ts';
import { beginSession } from './session.ts';
import { applySearchOutcome } from './search-step.ts';
import { resetSilenceSlots } from './silence-timeout.ts';
import { initialSlotValues } from './slot-values.ts';
import { isKnownAction } from './known-actions.ts';
import { applyToolFailure, applyToolResult } from './tool-step.ts';
import { logAction, runUntilEffect } from './turn-loop.ts';

type UserEvent = Omit<EventOf<'user'>, 'timestamp'>;

/** A fresh conversation: initial slot values, empty stack, no events. */
export function newConversation(assistant: Assistant, senderId: string, _ctx?: EngineContext): ConversationState {
  return emptyConversationState(senderId, initialSlotValues(assistant.domain));
}

/** Records the user message, runs its commands and advances the flows until an effect is needed. */
export function beginTurn(assistant: Assistant, state: ConversationState, input: UserInput, ctx: EngineContext): Transition {
  const d = new Draft(assistant, state, ctx);
  const channel = input.channel ?? ctx.channel;
  // Built by assignment: conditional spreads here cost more than the rest of a short turn's bookkeeping.
  const parseData: Record<string, unknown> = Object.assign({}, input.parseData);
  if (input.text !== null) parseData['text'] = input.text;
  parseData['commands'] = input.commands;
  const user: { -readonly [K in keyof UserEvent]: UserEvent[K] } = { event: 'user', text: input.text, parse_data: parseData as unknown as ParseData };
  if (channel !== undefined) user.input_channel = channel;
  if (input.messageId !== undefined) user.message_id = input.messageId;
  if (input.metadata !== undefined) user.metadata = input.metadata;
  d.emit(user);
  if (d.live.paused) return d.finish({ type: 'listen' });
  resetSilenceSlots(d, input.commands);
  processCommands(d, input.commands);
  return d.finish(runUntilEffect(d));
}

/** Applies the outcome of the effect the previous transition asked for and advances again. */
export function resume(assistant: Assistant, state: ConversationState, outcome: EffectOutcome, ctx: EngineContext): Transition {
  const d = new Draft(assistant, state, ctx);
  let next: Prediction | undefined;
  switch (outcome.type) {
    case 'action_done': {
      const toValidate = correctedSlotsToValidate(d);
      logAction(d, outcome.name);
      next = applyActionResult(d, outcome.messages, outcome.events);
      pushSlotValidation(d, toValidate);
      break;
    }
    case 'action_failed':
      logAction(d, outcome.name);
      push(d, patternFrame(d, PATTERN.internalError, { error_type: 'rasa_internal_error_default', info: { action: outcome.name, error: outcome.error } }));
      break;
    case 'tool_done':
      applyToolResult(d, outcome.slots);
      break;
    case 'tool_failed':
      applyToolFailure(d);
      break;
    case 'agent_done':
      next = applyAgentOutput(d, outcome.agentId, outcome.output);
      break;
    case 'search_answered':
    case 'search_no_answer':
    case 'search_failed':
      applySearchOutcome(d, outcome);
      break;
  }
  return d.finish(runUntilEffect(d, next));
}

/**
 * A custom action's result as Rasa applies it: its `responses` first, then its events in order;
 * `bot` events reach the user like responses, and a `followup` names the action that runs next.
 */
function applyActionResult(d: Draft, messages: readonly BotMessage[], events: readonly Event[]): Prediction | undefined {
  let next: Prediction | undefined;
  for (const m of messages) d.say(m);
  for (const e of events) {
    if (e.event === 'bot') d.say({ ...e.data, ...(e.text !== null ? { text: e.text } : {}), ...(e.metadata ? { metadata: e.metadata } : {}) } as BotMessage);
    // A copy: the draft stamps the events it records, and the action's result is not the engine's.
    else d.emit(Object.assign({}, e));
    if (e.event === 'followup' && isKnownAction(d.assistant, e.name)) next = { kind: 'action', name: e.name };
  }
  return next;
}

/**
 * `action_session_start`: `session_started`, carried-over slots, `session_started_metadata`; then an
 * overridden `pattern_session_start` (e.g. a greeting) runs before the assistant listens.
 */
export function startSession(assistant: Assistant, state: ConversationState, metadata: Readonly<Record<string, unknown>> | undefined, ctx: EngineContext): Transition {
  const d = new Draft(assistant, state, ctx);
  logAction(d, 'action_session_start');
  beginSession(d, metadata);
  const pattern = assistant.flows[PATTERN.sessionStart];
  const isDefault = !pattern || pattern.steps.every((s) => s.kind === 'action' && s.action === 'action_session_start');
  if (!isDefault) push(d, patternFrame(d, PATTERN.sessionStart));
  return d.finish(runUntilEffect(d));
}

/** Folds events posted from outside (APIs, custom actions) into the state. */
export { applyEvents };

/** Rebuilds a conversation's state from its events (same result as the transitions that produced them). */
export function replay(assistant: Assistant, senderId: string, events: readonly Event[]): ConversationState {
  return applyEvents(assistant, newConversation(assistant, senderId), events);
}
