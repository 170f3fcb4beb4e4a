import { describe, expect, it } from 'vitest';
import { VoiceFrameError } from '../voice-protocol.ts';
import { twilioMediaStreamsProtocol } from './twilio-media-streams.ts';

// Frames as Twilio documents them (Media Streams WebSocket messages).
const connected = { event: 'connected', protocol: 'Call', version: '1.0.0' };
const start = {
  event: 'start',
  sequenceNumber: '1',
  start: {
    accountSid: 'AC123',
    streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
    callSid: 'CA123',
    tracks: ['inbound'],
    mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
    customParameters: { call_id: 'CA123', user_phone: '+15550001', bot_phone: '+15559999', direction: 'inbound' },
  },
  streamSid: 'MZ18ad3ab5a668481ce02b83e7395059f0',
};
const media = (payload: string) => ({ event: 'media', sequenceNumber: '3', media: { track: 'inbound', chunk: '1', timestamp: '5', payload }, streamSid: start.streamSid });

const text = (frame: unknown) => JSON.stringify(frame);

describe('Twilio Media Streams protocol', () => {
  it('decodes every inbound event', () => {
    const p = twilioMediaStreamsProtocol();
    expect(p.audioFormat()).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    expect(p.decode(text(connected), false)).toEqual([{ type: 'ignored', reason: 'Twilio connected' }]);
    expect(p.decode(text(start), false)).toEqual([
      {
        type: 'start',
        conversationId: start.streamSid,
        metadata: { call_id: 'CA123', user_phone: '+15550001', bot_phone: '+15559999', user_name: null, user_host: null, bot_host: null, direction: 'inbound', stream_id: start.streamSid },
      },
    ]);
    const audio = Buffer.alloc(160, 0xff);
    expect(p.decode(text(media(audio.toString('base64'))), false)).toEqual([{ type: 'audio', audio }]);
    expect(p.decode(text({ event: 'mark', sequenceNumber: '4', streamSid: start.streamSid, mark: { name: 'm-1' } }), false)).toEqual([{ type: 'marker', name: 'm-1' }]);
    expect(p.decode(text({ event: 'dtmf', streamSid: start.streamSid, sequenceNumber: '5', dtmf: { track: 'inbound_track', digit: '1' } }), false)).toEqual([{ type: 'dtmf', digit: '1' }]);
    expect(p.decode(text({ event: 'stop', sequenceNumber: '6', stop: { accountSid: 'AC123', callSid: 'CA123' }, streamSid: start.streamSid }), false)).toEqual([{ type: 'stop' }]);
  });

  it('fills missing call parameters as Rasa does', () => {
    const p = twilioMediaStreamsProtocol();
    const [event] = p.decode(text({ event: 'start', streamSid: 'MZ1', start: {} }), false);
    expect(event).toMatchObject({ type: 'start', conversationId: 'MZ1', metadata: { call_id: '', user_phone: '', bot_phone: '', direction: null, stream_id: 'MZ1' } });
  });

  it('encodes media, mark and clear with the stream sid', () => {
    const p = twilioMediaStreamsProtocol();
    p.decode(text(start), false);
    expect(p.audio(Uint8Array.from([0, 1, 255]))).toEqual([`{"event":"media","streamSid":"${start.streamSid}","media":{"payload":"AAH/"}}`]);
    expect(p.marker('end-1')).toEqual([`{"event":"mark","streamSid":"${start.streamSid}","mark":{"name":"end-1"}}`]);
    expect(p.clear()).toEqual([`{"event":"clear","streamSid":"${start.streamSid}"}`]);
  });

  it('refuses malformed frames and ignores unknown events', () => {
    const p = twilioMediaStreamsProtocol();
    const refused = (data: string | Uint8Array, isBinary = false) => expect(() => p.decode(data, isBinary)).toThrow(VoiceFrameError);
    refused(Buffer.from(text(connected)), true);
    refused('not json');
    refused(Uint8Array.from([0xff, 0xfe]));
    refused(text([1, 2]));
    refused(text({ event: 42 }));
    refused(text({ event: 'start', start: {} }));
    refused(text(media('not base64!')));
    refused(text(media('QUJD=')));
    refused(text(media(Buffer.alloc(16_001).toString('base64'))));
    refused(text({ event: 'mark', mark: {} }));
    refused(`{"event":"media","media":{"payload":"${'A'.repeat(70_000)}"}}`);
    expect(p.decode(text({ event: 'something-new', streamSid: 'x' }), false)).toEqual([{ type: 'ignored', reason: "unknown Twilio event 'something-new'" }]);
  });
});
