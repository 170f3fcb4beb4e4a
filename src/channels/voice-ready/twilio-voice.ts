/**
 * Twilio Voice (Rasa `twilio_voice`): Twilio does the speech, colloquy sees text. Each
 * `POST /webhooks/twilio_voice/webhook` carries Twilio's form fields (`From` is the conversation id,
 * `SpeechResult` what the caller said, `CallStatus`) and is answered with TwiML: the bot's messages as
 * `<Say>`, the last one inside a speech `<Gather>` that posts the next result back here, or
 * `<Hangup/>` after `action_hangup`. A ringing call starts the session with the call's parameters; a
 * completed one ends it; an empty result (the caller said nothing) repeats the last bot message.
 * @module
 */
import type { FastifyPluginAsync } from 'fastify';
import { z } from 'zod';
import { senderIdSchema } from '../../runtime/input-limits.ts';
import type { ConversationRuntime } from '../../runtime/processor-api.ts';
import { basicAuthHook, type BasicAuthCredentials } from '../basic-auth.ts';
import { callMetadata } from '../call-parameters.ts';
import { acceptFormBodies } from '../form-body.ts';
import { paragraphs } from '../message-parts.ts';
import { twimlResponse, type TwimlElement } from '../twilio/twiml.ts';
import { spokenTexts } from './spoken-text.ts';
import { turnHungUp } from './turn-hangup.ts';

export const TWILIO_VOICE = 'twilio_voice';

/** The `twilio_voice:` credentials (validated and defaulted when the project loads). */
export interface TwilioVoiceOptions extends BasicAuthCredentials {
  readonly reprompt_fallback_phrase: string;
  readonly assistant_voice: string;
  readonly speech_timeout: string;
  readonly speech_model: string;
  readonly enhanced: 'true' | 'false';
}

export interface TwilioVoiceChannelOptions {
  readonly runtime: ConversationRuntime;
  readonly credentials: TwilioVoiceOptions;
}

const webhookForm = z.object({
  From: senderIdSchema,
  SpeechResult: z.string().max(10_000).optional(),
  CallStatus: z.string().max(64).optional(),
  CallSid: z.string().max(128).optional(),
  Caller: z.string().max(256).optional(),
  Called: z.string().max(256).optional(),
  Direction: z.string().max(64).optional(),
});

/** Register with prefix `/webhooks/twilio_voice`. */
export const twilioVoiceChannel: FastifyPluginAsync<TwilioVoiceChannelOptions> = async (scope, { runtime, credentials }) => {
  acceptFormBodies(scope);
  const auth = basicAuthHook(credentials, `webhooks/${TWILIO_VOICE}/webhook`);

  scope.get('/', async () => ({ status: 'ok' }));

  scope.post('/webhook', { ...(auth ? { onRequest: auth } : {}) }, async (request, reply) => {
    const form = webhookForm.parse(request.body ?? {});
    // An empty result is the caller saying nothing, like a missing one.
    let text = form.SpeechResult?.trim() || undefined;
    let metadata: Record<string, unknown> = {};
    if (text === undefined && form.CallStatus === 'ringing') {
      text = '/session_start';
      metadata = callMetadata({ call_id: form.CallSid ?? '', user_phone: form.Caller ?? '', bot_phone: form.Called, direction: form.Direction });
    }
    if (form.CallStatus === 'completed') {
      text = '/session_end';
      metadata = { reason: 'user disconnected' };
    }
    let verbs: TwimlElement[];
    if (text !== undefined) {
      const result = await runtime.handleMessage({ senderId: form.From, text, channel: TWILIO_VOICE, metadata });
      verbs = gatherResponse(result.messages.flatMap(spokenTexts).flatMap(paragraphs), turnHungUp(result), credentials);
    } else {
      verbs = gatherResponse([await lastBotText(runtime, form.From, credentials.reprompt_fallback_phrase)], false, credentials);
    }
    return reply.type('text/xml').send(twimlResponse(verbs));
  });
};

/** What the caller heard last, said again when Twilio gathered nothing. */
async function lastBotText(runtime: ConversationRuntime, senderId: string, fallback: string): Promise<string> {
  const state = await runtime.getState(senderId);
  const last = state?.events.findLast((e) => e.event === 'bot');
  return last?.event === 'bot' && last.text ? last.text : fallback;
}

/** Each text as `<Say>` with a 1 s pause between; the last inside the `<Gather>` that listens for the answer. */
function gatherResponse(texts: readonly string[], hangUp: boolean, c: TwilioVoiceOptions): TwimlElement[] {
  const say = (text: string): TwimlElement => ({ name: 'Say', attributes: { voice: c.assistant_voice }, children: text });
  const gather = (children: TwimlElement[]): TwimlElement => ({
    name: 'Gather',
    attributes: {
      input: 'speech',
      action: `/webhooks/${TWILIO_VOICE}/webhook`,
      actionOnEmptyResult: true,
      speechTimeout: c.speech_timeout,
      speechModel: c.speech_model,
      enhanced: c.enhanced,
    },
    children,
  });
  const pause: TwimlElement = { name: 'Pause', attributes: { length: 1 } };
  if (hangUp) return [...texts.flatMap((text) => [say(text), pause]), { name: 'Hangup' }];
  if (texts.length === 0) return [gather([])];
  return [...texts.slice(0, -1).flatMap((text) => [say(text), pause]), gather([say(texts.at(-1)!)])];
}
