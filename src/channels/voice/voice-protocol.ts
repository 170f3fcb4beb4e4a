/**
 * What a voice-stream channel's wire protocol (browser audio, Twilio Media Streams, jambonz) has to
 * provide to the protocol-agnostic call session: inbound frames decoded into call events, and the
 * outbound frames for audio, markers and clearing playback. One instance per WebSocket.
 * @module
 */
import type { AudioFormat } from '../../ports/speech.ts';

/** A decoded inbound frame. */
export type CallEvent =
  /** The call is known: its conversation id (Twilio: `streamSid`) and call parameters for session metadata. */
  | { readonly type: 'start'; readonly conversationId: string; readonly metadata: Readonly<Record<string, unknown>> }
  /** Caller audio in the protocol's `audioFormat`. */
  | { readonly type: 'audio'; readonly audio: Uint8Array }
  /** The client/telco played the audio up to this marker (or cleared it). */
  | { readonly type: 'marker'; readonly name: string }
  | { readonly type: 'dtmf'; readonly digit: string }
  /** The caller hung up or the stream was stopped. */
  | { readonly type: 'stop' }
  /** A frame with nothing to act on (Twilio `connected`, unknown events); logged at debug. */
  | { readonly type: 'ignored'; readonly reason: string };

/** A frame to send: text (JSON) or binary. */
export type OutboundFrame = string | Uint8Array;

export interface VoiceProtocol {
  /** The credentials.yml name, e.g. `twilio_media_streams`; also the `channel` of each turn. */
  readonly channel: string;
  /** Events of the connection itself, before any frame arrives (browser audio: the call starts on connect). */
  open?(): readonly CallEvent[];
  /** Audio format both ways; may be settled by the `start` frame (jambonz metadata `sampleRate`). */
  audioFormat(): AudioFormat;
  /** Decodes one WebSocket message; throws `VoiceFrameError` for malformed frames (the session logs and goes on). */
  decode(data: Uint8Array | string, isBinary: boolean): readonly CallEvent[];
  /** Frames carrying bot audio (already in `audioFormat`). */
  audio(chunk: Uint8Array): readonly OutboundFrame[];
  /** A marker the far end echoes once playback reaches it; `latency` rides on browser end markers. */
  marker(name: string, latency?: Readonly<Record<string, number>>): readonly OutboundFrame[];
  /** Drops audio queued for playback (barge-in): Twilio `clear`, jambonz `killAudio`, browser `interruptPlayback`. */
  clear(): readonly OutboundFrame[];
}

export class VoiceFrameError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'VoiceFrameError';
  }
}
