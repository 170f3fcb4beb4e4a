/**
 * Text frames carrying JSON (Twilio's events, jambonz control messages): bounded, parsed, and
 * refused with a `VoiceFrameError` that says what was wrong, never echoing the frame.
 * @module
 */
import { VoiceFrameError } from '../voice-protocol.ts';

/** Far above any real control frame or 20 ms media frame; a bigger text frame is refused unparsed. */
export const MAX_TEXT_FRAME_CHARS = 64 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true });

export function parseJsonFrame(data: Uint8Array | string, isBinary: boolean): unknown {
  if (isBinary) throw new VoiceFrameError('binary frame where a JSON text frame was expected');
  let text: string;
  try {
    text = typeof data === 'string' ? data : utf8.decode(data);
  } catch {
    throw new VoiceFrameError('text frame that is not valid UTF-8');
  }
  if (text.length > MAX_TEXT_FRAME_CHARS) throw new VoiceFrameError(`text frame of ${text.length} characters (at most ${MAX_TEXT_FRAME_CHARS})`);
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new VoiceFrameError('text frame that is not JSON');
  }
}
