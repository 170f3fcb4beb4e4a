/**
 * The conversation part of Rasa's HTTP API: trackers, messages, intents, events, stories,
 * predictions and executed actions, plus `POST /model/parse`.
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { toRestMessages, type RestMessage } from '../channels/rest/rest-messages.ts';
import type { Assistant } from '../core/assistant.ts';
import { BUILTIN_ACTION_NAMES, initialSlotValues } from '../core/engine/index.ts';
import { emptyConversationState, type ConversationState } from '../core/state.ts';
import { EVENT_VERBOSITIES, trackerToJson, type EventVerbosity, type TrackerJson } from '../ports/tracker-json.ts';
import type { TurnInspection } from '../ports/turn-inspection.ts';
import { senderIdSchema } from '../runtime/input-limits.ts';
import type { ConversationRuntime, ParsedMessage, TurnResult } from '../runtime/processor-api.ts';
import { SYSTEM_INTENT_NAMES } from '../understanding/payload/index.ts';
import { generatorNames } from '../understanding/pipeline.ts';
import { HttpError } from './http-error.ts';
import { testStoryYaml } from './test-story.ts';

export interface ConversationRoutesOptions {
  readonly runtime: ConversationRuntime;
  readonly assistant: () => Assistant;
  /** The recorded turns of `colloquy inspect`, served at `…/inspection`. */
  readonly inspection?: TurnInspection;
}

/** Turns started through the API use the REST channel's response variations. */
const API_CHANNEL = 'rest';

const params = z.object({ conversation_id: senderIdSchema });
const verbosityQuery = z.object({
  include_events: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(EVENT_VERBOSITIES)).default('AFTER_RESTART'),
});
const listQuery = z.object({ details: z.enum(['true', 'false']).transform((v) => v === 'true').default(false) });
const MAX_DETAILED_CONVERSATIONS = 500;
const jsonObject = z.record(z.string(), z.unknown());
const messageBody = z.object({
  text: z.string(),
  sender: z.string(),
  parse_data: z
    .object({
      intent: z.object({ name: z.string().min(1) }).loose().optional(),
      entities: z.array(z.object({ entity: z.string(), value: z.unknown() }).loose()).optional(),
    })
    .loose()
    .optional(),
  metadata: jsonObject.optional(),
  /** Ours, as on the REST channel: a retry with the same id does not run the turn again. */
  message_id: senderIdSchema.optional(),
});
const intentBody = z.object({ name: z.string().min(1), entities: jsonObject.nullish() });
const executeBody = z.object({ name: z.string().min(1), policy: z.string().nullish(), confidence: z.number().nullish() });
const parseBody = z.object({ text: z.string(), message_id: z.string().nullish() });
const parseQuery = z.object({ emulation_mode: z.never({ error: 'emulation modes (wit, luis, dialogflow) are not supported' }).optional() }).loose();
const storyQuery = z.object({
  until: z.coerce.number().refine(Number.isFinite, 'must be a timestamp in seconds').optional(),
  all_sessions: z.preprocess((v) => (typeof v === 'string' ? v.toLowerCase() === 'true' : v), z.boolean()).default(false),
});
const event = z.object({ event: z.string().min(1) }).loose();
/** One event or a list of them, as Rasa accepts. */
const eventsBody = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(event));

export const conversationRoutes: FastifyPluginAsync<ConversationRoutesOptions> = async (app, { runtime, assistant, inspection }) => {
  /** The stored conversation; like Rasa, routes that need one answer 404 for an unknown id. */
  async function existing(id: string): Promise<ConversationState> {
    const state = await runtime.getState(id);
    if (!state) throw new HttpError(404, 'Not found', 'Conversation ID not found.');
    return state;
  }

  app.get('/conversations', async (request) => {
    const ids = await runtime.listConversations();
    if (!listQuery.parse(request.query).details) return ids;
    // For the inspector's picker: channel and last activity, newest first; bounded, as each one is a load.
    const details = await Promise.all(
      ids.slice(0, MAX_DETAILED_CONVERSATIONS).map(async (id) => {
        const state = await runtime.getState(id);
        return { sender_id: id, latest_input_channel: state?.latest_input_channel ?? null, latest_event_time: state?.events.at(-1)?.timestamp ?? null };
      }),
    );
    return details.sort((a, b) => (b.latest_event_time ?? 0) - (a.latest_event_time ?? 0));
  });

  if (inspection) {
    app.get('/conversations/:conversation_id/inspection', async (request) => {
      const { conversation_id: id } = params.parse(request.params);
      return { command_generators: generatorNames(assistant()), turns: inspection.turns(id) };
    });
  }

  app.get('/conversations/:conversation_id/tracker', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const state = (await runtime.getState(id)) ?? emptyConversationState(id, initialSlotValues(assistant().domain));
    return trackerToJson(state, include_events);
  });

  app.delete('/conversations/:conversation_id/tracker', async (request, reply) => {
    const { conversation_id: id } = params.parse(request.params);
    await runtime.deleteConversation(id);
    return reply.code(204).send();
  });

  app.post('/conversations/:conversation_id/messages', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const body = messageBody.parse(request.body);
    if (body.sender !== 'user') {
      throw new HttpError(400, 'BadRequest', `Currently, only user messages can be passed to this endpoint. Messages of sender '${body.sender.slice(0, 50)}' cannot be handled.`);
    }
    // Given parse data replaces understanding, as an intent payload would.
    const intent = body.parse_data?.intent?.name;
    const result = intent
      ? await runtime.triggerIntent(id, intent, entitiesOf(body.parse_data?.entities ?? []), API_CHANNEL)
      : await runtime.handleMessage({
          senderId: id,
          text: body.text,
          channel: API_CHANNEL,
          ...(body.metadata ? { metadata: body.metadata } : {}),
          ...(body.message_id ? { messageId: body.message_id } : {}),
        });
    return trackerToJson(result.state, include_events);
  });

  app.post('/conversations/:conversation_id/trigger_intent', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const body = intentBody.parse(request.body);
    if (!isKnownIntent(assistant(), body.name)) throw new HttpError(404, 'NotFound', `The intent '${body.name}' does not exist in the domain.`, { intent: body.name });
    return trackerAndMessages(await runtime.triggerIntent(id, body.name, body.entities ?? {}, API_CHANNEL), include_events);
  });

  app.post('/conversations/:conversation_id/execute', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const body = executeBody.parse(request.body);
    await existing(id);
    return trackerAndMessages(await runtime.executeAction(id, body.name, API_CHANNEL), include_events);
  });

  // A stored conversation always waits for the user (turns are saved when they end), so the flow
  // policy's next action is action_listen; nothing runs.
  app.post('/conversations/:conversation_id/predict', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const state = await existing(id);
    return { scores: listenScores(assistant()), policy: 'FlowPolicy', confidence: 1, tracker: trackerToJson(state, include_events) };
  });

  app.get('/conversations/:conversation_id/story', async (request, reply) => {
    const { conversation_id: id } = params.parse(request.params);
    const { until, all_sessions } = storyQuery.parse(request.query);
    const state = await existing(id);
    return reply.type('text/plain; charset=utf-8').send(testStoryYaml(state, { allSessions: all_sessions, ...(until !== undefined ? { until } : {}) }));
  });

  app.post('/model/parse', async (request) => {
    parseQuery.parse(request.query);
    const { text } = parseBody.parse(request.body);
    return parseJson(await runtime.parseMessage(text));
  });

  app.post('/conversations/:conversation_id/tracker/events', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const body = eventsBody.parse(request.body);
    const state = await runtime.appendEvents(id, body);
    return trackerToJson(state, include_events);
  });

  app.put('/conversations/:conversation_id/tracker/events', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const events = z.array(event).parse(request.body);
    const state = await runtime.appendEvents(id, events, { replace: true });
    return trackerToJson(state, include_events);
  });
};

/** Rasa's answer to a turn the API started: the tracker and the bot messages in REST format. */
function trackerAndMessages(result: TurnResult, verbosity: EventVerbosity): { tracker: TrackerJson; messages: RestMessage[] } {
  return { tracker: trackerToJson(result.state, verbosity), messages: toRestMessages(result.senderId, result.messages) };
}

/** Intents `trigger_intent` accepts: declared ones, ones that trigger flows, and the built-in payload intents. */
function isKnownIntent(assistant: Assistant, intent: string): boolean {
  if (assistant.domain.intents.includes(intent) || SYSTEM_INTENT_NAMES.has(intent)) return true;
  return Object.values(assistant.flows).some((flow) => flow.nluTriggers.some((trigger) => trigger.intent === intent));
}

/** Rasa's prediction scores over every action the assistant knows, best first: action_listen at 1. */
function listenScores(assistant: Assistant): { action: string; score: number }[] {
  const names = new Set([...BUILTIN_ACTION_NAMES, ...Object.keys(assistant.domain.actions), ...Object.keys(assistant.domain.responses)]);
  names.delete('action_listen');
  return [{ action: 'action_listen', score: 1 }, ...[...names].sort().map((action) => ({ action, score: 0 }))];
}

/** Rasa's parse result: text, intent (name null when none was recognised), entities, then the commands and any extras. */
function parseJson({ text, commands, parseData }: ParsedMessage): Record<string, unknown> {
  const { intent, entities, ...extras } = parseData;
  return { text, intent: intent ?? { name: null, confidence: 0 }, entities: entities ?? [], ...extras, commands };
}

function entitiesOf(entities: readonly { entity: string; value: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(entities.map((e) => [e.entity, e.value]));
}
