/**
 * The conversation part of Rasa's HTTP API: trackers, messages, intents and events.
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { toRestMessages } from '../channels/rest/rest-messages.ts';
import type { Domain } from '../core/domain.ts';
import { initialSlotValues } from '../core/engine/index.ts';
import { emptyConversationState } from '../core/state.ts';
import { EVENT_VERBOSITIES, trackerToJson } from '../ports/tracker-json.ts';
import { senderIdSchema } from '../runtime/input-limits.ts';
import type { ConversationRuntime } from '../runtime/processor-api.ts';
import { HttpError } from './http-error.ts';

export interface ConversationRoutesOptions {
  readonly runtime: ConversationRuntime;
  readonly domain: () => Domain;
}

/** Turns started through the API use the REST channel's response variations. */
const API_CHANNEL = 'rest';

const params = z.object({ conversation_id: senderIdSchema });
const verbosityQuery = z.object({
  include_events: z.preprocess((v) => (typeof v === 'string' ? v.toUpperCase() : v), z.enum(EVENT_VERBOSITIES)).default('AFTER_RESTART'),
});
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
const event = z.object({ event: z.string().min(1) }).loose();
/** One event or a list of them, as Rasa accepts. */
const eventsBody = z.preprocess((v) => (Array.isArray(v) ? v : [v]), z.array(event));

export const conversationRoutes: FastifyPluginAsync<ConversationRoutesOptions> = async (app, { runtime, domain }) => {
  app.get('/conversations', async () => runtime.listConversations());

  app.get('/conversations/:conversation_id/tracker', async (request) => {
    const { conversation_id: id } = params.parse(request.params);
    const { include_events } = verbosityQuery.parse(request.query);
    const state = (await runtime.getState(id)) ?? emptyConversationState(id, initialSlotValues(domain()));
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
    const result = await runtime.triggerIntent(id, body.name, body.entities ?? {}, API_CHANNEL);
    return {
      tracker: trackerToJson(result.state, include_events),
      messages: result.messages.flatMap((message) => toRestMessages(id, message)),
    };
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
    await runtime.deleteConversation(id);
    const state = await runtime.appendEvents(id, events);
    return trackerToJson(state, include_events);
  });
};

function entitiesOf(entities: readonly { entity: string; value: unknown }[]): Record<string, unknown> {
  return Object.fromEntries(entities.map((e) => [e.entity, e.value]));
}
