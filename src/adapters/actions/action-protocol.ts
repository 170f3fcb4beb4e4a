/**
 * The Rasa action-server protocol, shared by the HTTP runner and in-process TypeScript actions:
 * the request `{next_action, sender_id, tracker, domain, version}` and the reply `{events, responses}`.
 * @module
 */
import { z } from 'zod';
import { isPlainObject } from '../../core/plain-object.ts';
import type { ActionCall, ActionResult } from '../../ports/action-runner.ts';
import { domainToJson, type DomainJson } from '../../ports/domain-json.ts';
import { trackerToJson, type TrackerJson } from '../../ports/tracker-json.ts';

/** The Rasa version we announce to action servers (rasa_sdk checks compatibility against it). */
export const RASA_PROTOCOL_VERSION = '3.14.0';

/** How long an action may take when `action_endpoint.timeout` is not set. */
export const DEFAULT_ACTION_TIMEOUT_MS = 30_000;

export interface ActionCallPayload {
  readonly next_action: string;
  readonly sender_id: string;
  readonly tracker: TrackerJson;
  /** Omitted when selective domain is on and the action did not ask for it (`send_domain`). */
  readonly domain?: DomainJson;
  readonly version: string;
}

/**
 * Streams the text of a response while an in-process action works (e.g. tokens from an LLM).
 * Streamed text becomes part of the action's reply: each streamed response is delivered as a
 * `{text}` response, before the returned `responses`, so do not return that text again.
 */
export interface ActionStream {
  /** Appends text to the response being streamed (starting one if none is open). */
  chunk(text: string): void;
  /** Finishes the response being streamed, optionally with its last piece; the next `chunk` starts a new one. Done for you when the action returns. */
  end(text?: string): void;
}

/** What an in-process action (in `<project>/actions/index.ts`) receives: the protocol payload plus `stream`. */
export interface ActionHandlerCall extends ActionCallPayload {
  readonly stream: ActionStream;
}

/** What an in-process action (in `<project>/actions/index.ts`) receives and returns. */
export type ActionHandler = (call: ActionHandlerCall) => Promise<ActionHandlerResult | undefined | void> | ActionHandlerResult | undefined | void;
export interface ActionHandlerResult {
  readonly events?: readonly Readonly<Record<string, unknown>>[];
  readonly responses?: readonly Readonly<Record<string, unknown>>[];
}

export function actionCallPayload(call: ActionCall, options: { selectiveDomain?: boolean; version?: string } = {}): ActionCallPayload {
  const sendDomain = !options.selectiveDomain || call.domain.actions[call.name]?.sendDomain === true;
  return {
    next_action: call.name,
    sender_id: call.state.sender_id,
    tracker: trackerToJson(call.state, 'ALL'),
    ...(sendDomain ? { domain: domainToJson(call.domain) } : {}),
    version: options.version ?? RASA_PROTOCOL_VERSION,
  };
}

const actionReplySchema = z.object({
  events: z.array(z.record(z.string(), z.unknown())).nullish(),
  responses: z.array(z.record(z.string(), z.unknown())).nullish(),
});

const isRecordList = (value: unknown): value is readonly Readonly<Record<string, unknown>>[] | null | undefined => value == null || (Array.isArray(value) && value.every(isPlainObject));

/** Validates an action's reply; throws an Error naming the action when the shape is wrong. */
export function parseActionReply(actionName: string, reply: unknown): ActionResult {
  // A reply that plainly fits is taken as it is (the events and responses are validated and copied
  // after this); zod parses only the others, to say what is wrong.
  if (reply == null) return { events: [], responses: [] };
  if (isPlainObject(reply) && isRecordList(reply.events) && isRecordList(reply.responses)) return { events: reply.events ?? [], responses: reply.responses ?? [] };
  const parsed = actionReplySchema.safeParse(reply ?? {});
  if (!parsed.success) {
    throw new Error(`Action '${actionName}' returned an invalid reply: ${z.prettifyError(parsed.error)}`);
  }
  return { events: parsed.data.events ?? [], responses: parsed.data.responses ?? [] };
}
