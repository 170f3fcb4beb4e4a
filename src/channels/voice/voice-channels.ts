/**
 * The voice-stream channels the server can serve, by credentials.yml name. Each also needs its
 * credentials schema in `src/project/schemas/voice-credentials.ts` (same name) so `colloquy validate`
 * checks it.
 * @module
 */
import { browserAudioChannel } from './browser/browser-audio-protocol.ts';
import type { VoiceStreamChannel } from './voice-channel.ts';

export const voiceStreamChannels: Readonly<Record<string, VoiceStreamChannel>> = {
  browser_audio: browserAudioChannel,
};
