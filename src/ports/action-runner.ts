/**
 * Runs custom actions: a Rasa-protocol action server over HTTP, or in-process TypeScript actions.
 * @module
 */
import type { Domain } from '../core/domain.ts';
import type { Event } from '../core/events.ts';
import type { ConversationState } from '../core/state.ts';

/** A response in action-server format: `text`, `buttons`, `image`, `custom`, `attachment`, or `response` (a domain response name) plus template variables. */
export type ActionResponse = Readonly<Record<string, unknown>>;

export interface ActionResult {
  /** Rasa action-server events (`slot`, `followup`, …) as plain JSON, validated by the runtime before use. */
  readonly events: readonly Readonly<Record<string, unknown>>[];
  readonly responses: readonly ActionResponse[];
}

/**
 * A piece of a bot response streamed while an action runs. Chunks of one response share a
 * `responseId` and arrive in order; the last one has `last: true` (its `text` may be empty).
 */
export interface TextChunk {
  readonly text: string;
  readonly last: boolean;
  readonly responseId: string;
}

export interface ActionCall {
  readonly name: string;
  readonly state: ConversationState;
  readonly domain: Domain;
  readonly latestMessage?: Event;
  /**
   * Receives text the action streams before it returns (in-process actions only; the HTTP
   * protocol does not stream). The full text is still in the result's `responses`.
   */
  readonly onChunk?: (chunk: TextChunk) => void;
}

export interface ActionRunner {
  /** True when this runner can run the action (so the engine knows unknown actions apart). */
  has(name: string): boolean;
  /** Throws `ActionRejectedError` for a 400 from the server, any other error for failures. */
  run(call: ActionCall): Promise<ActionResult>;
}

export class ActionRejectedError extends Error {
  readonly code = 'action_rejected';
  constructor(readonly actionName: string, reason: string) {
    super(`Action '${actionName}' was rejected: ${reason}`);
    this.name = 'ActionRejectedError';
  }
}
