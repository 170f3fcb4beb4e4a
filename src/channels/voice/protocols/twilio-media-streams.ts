/**
 * Twilio Media Streams (`twilio_media_streams`), bidirectional `<Connect><Stream>`: JSON text frames
 * both ways. From Twilio: `connected`, `start` (the `streamSid` is the conversation id; the
 * `<Parameter>`s the webhook set come back as `customParameters`), `media` (base64 μ-law 8 kHz),
 * `mark` (echoed once the audio before it played, or was cleared), `dtmf`, `stop`. To Twilio:
 * `media`, `mark` and `clear`. `POST /webhooks/twilio_media_streams/webhook` answers the call with
 * the TwiML that opens the stream, behind Basic auth when the channel sets `username`/`password`.
 * @module
 */
import type { FastifyInstance } from 'fastify';
import { z } from 'zod';
import type { AudioFormat } from '../../../ports/speech.ts';
import { basicAuthHook, basicAuthOf } from '../../basic-auth.ts';
import { callMetadata } from '../../call-parameters.ts';
import { acceptFormBodies } from '../../form-body.ts';
import { twimlResponse } from '../../twilio/twiml.ts';
import type { VoiceChannelCredentials, VoiceStreamChannel } from '../voice-channel.ts';
import { VoiceFrameError, type OutboundFrame, type VoiceProtocol } from '../voice-protocol.ts';
import { parseJsonFrame } from './json-frame.ts';
import { streamUrl } from './stream-url.ts';

export const TWILIO_MEDIA_STREAMS = 'twilio_media_streams';

const MULAW_8K: AudioFormat = { encoding: 'mulaw', sampleRate: 8000 };

/** Twilio sends 20 ms (160 bytes) per frame; anything over 2 s of audio in one frame is refused. */
const MAX_MEDIA_BYTES = 16_000;
const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

const sid = z.string().min(1).max(128);
const label = z.string().max(256);

const inbound = z.discriminatedUnion('event', [
  z.object({ event: z.literal('connected') }),
  z.object({
    event: z.literal('start'),
    streamSid: sid,
    start: z.object({
      callSid: sid.optional(),
      accountSid: sid.optional(),
      customParameters: z.record(z.string().max(128), z.string().max(1024)).optional(),
    }),
  }),
  z.object({ event: z.literal('media'), media: z.object({ payload: z.string().max(MAX_MEDIA_BYTES * 2) }) }),
  z.object({ event: z.literal('mark'), mark: z.object({ name: label }) }),
  z.object({ event: z.literal('dtmf'), dtmf: z.object({ digit: z.string().min(1).max(8) }) }),
  z.object({ event: z.literal('stop') }),
]);

const KNOWN_EVENTS: ReadonlySet<string> = new Set(inbound.options.map((option) => option.shape.event.value));

/** One protocol instance per call socket: it remembers the `streamSid` that outbound frames carry. */
export function twilioMediaStreamsProtocol(): VoiceProtocol {
  let streamSid = '';
  return {
    channel: TWILIO_MEDIA_STREAMS,
    audioFormat: () => MULAW_8K,
    decode(data, isBinary) {
      const frame = parseJsonFrame(data, isBinary);
      const event = typeof frame === 'object' && frame !== null ? (frame as { event?: unknown }).event : undefined;
      if (typeof event !== 'string') throw new VoiceFrameError('Twilio frame without an "event"');
      if (!KNOWN_EVENTS.has(event)) return [{ type: 'ignored', reason: `unknown Twilio event '${event.slice(0, 64)}'` }];
      const parsed = inbound.safeParse(frame);
      if (!parsed.success) throw new VoiceFrameError(`malformed Twilio '${event}' frame: ${z.prettifyError(parsed.error)}`);
      const message = parsed.data;
      switch (message.event) {
        case 'connected':
          return [{ type: 'ignored', reason: 'Twilio connected' }];
        case 'start': {
          streamSid = message.streamSid;
          const parameters = message.start.customParameters ?? {};
          const metadata = callMetadata({
            call_id: parameters.call_id ?? '',
            user_phone: parameters.user_phone ?? '',
            bot_phone: parameters.bot_phone ?? '',
            direction: parameters.direction,
            stream_id: streamSid,
          });
          return [{ type: 'start', conversationId: streamSid, metadata }];
        }
        case 'media':
          return [{ type: 'audio', audio: decodeMedia(message.media.payload) }];
        case 'mark':
          return [{ type: 'marker', name: message.mark.name }];
        case 'dtmf':
          return [{ type: 'dtmf', digit: message.dtmf.digit }];
        case 'stop':
          return [{ type: 'stop' }];
      }
    },
    audio: (chunk) => [json({ event: 'media', streamSid, media: { payload: Buffer.from(chunk).toString('base64') } })],
    marker: (name) => [json({ event: 'mark', streamSid, mark: { name } })],
    clear: () => [json({ event: 'clear', streamSid })],
  };
}

function decodeMedia(payload: string): Uint8Array {
  if (payload.length % 4 !== 0 || !BASE64.test(payload)) throw new VoiceFrameError('Twilio media payload that is not base64');
  const audio = Buffer.from(payload, 'base64');
  if (audio.length > MAX_MEDIA_BYTES) throw new VoiceFrameError(`Twilio media payload of ${audio.length} bytes (at most ${MAX_MEDIA_BYTES})`);
  return audio;
}

function json(frame: Readonly<Record<string, unknown>>): OutboundFrame {
  return JSON.stringify(frame);
}

/** Twilio's call webhook fields the TwiML passes on to the stream, as Rasa maps them. */
const callForm = z.object({
  CallSid: z.string().max(128).optional(),
  From: z.string().max(256).optional(),
  To: z.string().max(256).optional(),
  Direction: z.string().max(64).optional(),
});

/** `POST /webhook`: TwiML connecting the call to the stream, with the call's parameters. */
function webhookRoute(scope: FastifyInstance, credentials: VoiceChannelCredentials): void {
  acceptFormBodies(scope);
  const auth = basicAuthHook(basicAuthOf(credentials), `webhooks/${TWILIO_MEDIA_STREAMS}/webhook`);
  const url = streamUrl(credentials.server_url ?? '', TWILIO_MEDIA_STREAMS);
  scope.post('/webhook', { ...(auth ? { onRequest: auth } : {}) }, async (request, reply) => {
    const form = callForm.parse(request.body ?? {});
    const parameter = (name: string, value: string | undefined) => ({ name: 'Parameter', attributes: { name, value } });
    const twiml = twimlResponse([
      {
        name: 'Connect',
        children: [
          {
            name: 'Stream',
            attributes: { url },
            children: [parameter('call_id', form.CallSid), parameter('user_phone', form.From), parameter('bot_phone', form.To), parameter('direction', form.Direction)],
          },
        ],
      },
    ]);
    return reply.type('text/xml').send(twiml);
  });
}

export const twilioMediaStreamsChannel: VoiceStreamChannel = {
  createProtocol: () => twilioMediaStreamsProtocol(),
  routes: (scope, { credentials }) => webhookRoute(scope, credentials),
};
