/**
 * The voice-stream channels the server can serve, by credentials.yml name. Each also needs its
 * credentials schema in `src/project/schemas/voice-credentials.ts` (same name) so `colloquy validate`
 * checks it.
 * @module
 */
import { browserAudioChannel } from './browser/browser-audio-protocol.ts';
import { jambonzStreamChannel } from './protocols/jambonz-stream.ts';
import { twilioMediaStreamsChannel } from './protocols/twilio-media-streams.ts';
import type { VoiceStreamChannel } from './voice-channel.ts';

export const voiceStreamChannels: Readonly<Record<string, VoiceStreamChannel>> = {
  browser_audio: browserAudioChannel,
  twilio_media_streams: twilioMediaStreamsChannel,
  jambonz_stream: jambonzStreamChannel,
};
