/**
 * The REST channel (Rasa `rest`): `GET /webhooks/rest/` and `POST /webhooks/rest/webhook`
 * `{sender, message, metadata?, input_channel?}` → a JSON array of messages, or with `?stream=true`
 * newline-delimited JSON written as the bot produces each message. `?stream=true&chunks=true` also
 * writes the text that custom actions stream, as `{recipient_id, text_chunk, response_id, last}` lines
 * before the complete message; opt-in, so consumers that read every line as a message are unaffected.
 * Register with prefix `/webhooks/rest`.
 * @module
 */
import { PassThrough } from 'node:stream';
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { isPlainObject } from '../../core/plain-object.ts';
import { checkIncomingMessage, idProblem, senderIdSchema } from '../../runtime/input-limits.ts';
import type { ConversationRuntime, MessageSink } from '../../runtime/processor-api.ts';
import { toRestChunk, toRestMessages } from './rest-messages.ts';

export interface RestChannelOptions {
  readonly runtime: ConversationRuntime;
  /** Turns an error thrown mid-stream into the JSON line written before the stream ends. */
  readonly streamErrorLine: (error: unknown) => unknown;
}

const webhookBody = z.object({
  sender: senderIdSchema,
  message: z.string(),
  metadata: z.record(z.string(), z.unknown()).optional(),
  input_channel: z.string().min(1).max(128).optional(),
  /** Ours: a retry with the same id is answered from the saved turn instead of running again. */
  message_id: senderIdSchema.optional(),
});
type WebhookBody = z.infer<typeof webhookBody>;

const isId = (value: unknown): value is string => typeof value === 'string' && idProblem(value) === undefined;

/**
 * The body as `webhookBody` reads it. A body that plainly fits is taken as it is: zod's parse of every
 * turn's body showed in the REST profile. Anything else goes through zod, which says what is wrong.
 */
function readWebhookBody(body: unknown): WebhookBody {
  if (isPlainObject(body)) {
    const { sender, message, metadata, input_channel: channel, message_id: messageId } = body;
    const fits =
      isId(sender) &&
      typeof message === 'string' &&
      (metadata === undefined || isPlainObject(metadata)) &&
      (channel === undefined || (typeof channel === 'string' && channel.length >= 1 && channel.length <= 128)) &&
      (messageId === undefined || isId(messageId));
    if (fits) return body as WebhookBody;
  }
  return webhookBody.parse(body);
}

export const restChannel: FastifyPluginAsync<RestChannelOptions> = async (app, { runtime, streamErrorLine }) => {
  app.get('/', async () => ({ status: 'ok' }));

  app.post('/webhook', async (request, reply) => {
    const body = readWebhookBody(request.body);
    const incoming = {
      senderId: body.sender,
      text: body.message,
      channel: body.input_channel ?? 'rest',
      ...(body.metadata ? { metadata: body.metadata } : {}),
      ...(body.message_id ? { messageId: body.message_id } : {}),
    };
    const query = request.query as { stream?: unknown; chunks?: unknown };
    if (!isTrue(query.stream)) {
      const result = await runtime.handleMessage(incoming);
      return toRestMessages(body.sender, result.messages);
    }
    // Refused input is a 400 before the stream's 200 goes out.
    checkIncomingMessage(incoming);
    const stream = new PassThrough();
    const writeLine = (value: unknown) => stream.write(`${JSON.stringify(value)}\n`);
    const sink: MessageSink = { send: (message) => toRestMessages(body.sender, [message]).forEach(writeLine) };
    if (isTrue(query.chunks)) sink.chunk = (chunk) => writeLine(toRestChunk(body.sender, chunk));
    runtime
      .handleMessage(incoming, sink)
      .catch((error: unknown) => {
        request.log.warn({ err: error }, 'streamed turn failed');
        writeLine(streamErrorLine(error));
      })
      .finally(() => stream.end());
    return reply.type('application/x-ndjson').send(stream);
  });
};

function isTrue(flag: unknown): boolean {
  return String(flag).toLowerCase() === 'true';
}
