/**
 * The `browser_audio` wire protocol (the inspector's "talk to your assistant"): JSON text frames only.
 * In: `{audio: <base64 PCM16LE>}` and `{marker: <id>}` echoes once playback reaches a marker.
 * Out: `{audio}`, `{marker, latency?}` (latency on end markers) and `{interruptPlayback: true}`.
 * The call starts when the socket opens; `?conversation_id=` picks the conversation (default: a new id).
 * @module
 */
import { randomUUID } from 'node:crypto';
import type { AudioFormat } from '../../../ports/speech.ts';
import { idProblem } from '../../../runtime/input-limits.ts';
import type { ProtocolContext, VoiceStreamChannel } from '../voice-channel.ts';
import { VoiceFrameError, type CallEvent, type OutboundFrame, type VoiceProtocol } from '../voice-protocol.ts';

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

export class BrowserAudioProtocol implements VoiceProtocol {
  readonly channel = 'browser_audio';
  readonly #format: AudioFormat;
  readonly #conversationId: string;

  constructor(sampleRate: 16000 | 24000 | 48000, conversationId?: string) {
    this.#format = { encoding: 'l16', sampleRate };
    this.#conversationId = conversationId ?? randomUUID().replaceAll('-', '');
  }

  open(): readonly CallEvent[] {
    return [{ type: 'start', conversationId: this.#conversationId, metadata: { call_id: this.#conversationId, direction: 'inbound' } }];
  }

  audioFormat(): AudioFormat {
    return this.#format;
  }

  decode(data: Uint8Array | string, isBinary: boolean): readonly CallEvent[] {
    if (isBinary || typeof data !== 'string') throw new VoiceFrameError('browser_audio takes JSON text frames, not binary ones');
    let frame: unknown;
    try {
      frame = JSON.parse(data);
    } catch {
      throw new VoiceFrameError('frame is not JSON');
    }
    if (typeof frame !== 'object' || frame === null || Array.isArray(frame)) throw new VoiceFrameError('frame is not a JSON object');
    const { audio, marker } = frame as Record<string, unknown>;
    if (audio !== undefined) {
      if (typeof audio !== 'string' || !BASE64.test(audio)) throw new VoiceFrameError('`audio` must be base64 text');
      return [{ type: 'audio', audio: Buffer.from(audio, 'base64') }];
    }
    if (marker !== undefined) {
      if (typeof marker !== 'string' || marker.length === 0 || marker.length > 200) throw new VoiceFrameError('`marker` must be a short non-empty string');
      return [{ type: 'marker', name: marker }];
    }
    return [{ type: 'ignored', reason: 'neither `audio` nor `marker`' }];
  }

  audio(chunk: Uint8Array): readonly OutboundFrame[] {
    return [JSON.stringify({ audio: Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength).toString('base64') })];
  }

  marker(name: string, latency?: Readonly<Record<string, number>>): readonly OutboundFrame[] {
    return [JSON.stringify(latency ? { marker: name, latency } : { marker: name })];
  }

  clear(): readonly OutboundFrame[] {
    return [JSON.stringify({ interruptPlayback: true })];
  }
}

function requestedConversation(context: ProtocolContext): string | undefined {
  const id = context.query['conversation_id'];
  return typeof id === 'string' && id.length > 0 && idProblem(id) === undefined ? id : undefined;
}

export const browserAudioChannel: VoiceStreamChannel = {
  createProtocol: (context) => new BrowserAudioProtocol((context.credentials['sample_rate'] as 16000 | 24000 | 48000 | undefined) ?? 48000, requestedConversation(context)),
};
