import { describe, expect, it } from 'vitest';
import { VoiceFrameError } from '../voice-protocol.ts';
import { jambonzStreamProtocol } from './jambonz-stream.ts';

const metadata = { callSid: 'b7a4-11', direction: 'inbound', from: '+15550001', to: '+15559999', callId: 'x@sip', sampleRate: 24000, mixType: 'mono' };

describe('jambonz stream protocol', () => {
  it('starts on the metadata frame, then takes binary L16 and control messages', () => {
    const p = jambonzStreamProtocol();
    expect(p.decode(JSON.stringify(metadata), false)).toEqual([
      {
        type: 'start',
        conversationId: 'b7a4-11',
        metadata: { call_id: 'b7a4-11', user_phone: '+15550001', bot_phone: '+15559999', user_name: null, user_host: null, bot_host: null, direction: 'inbound', stream_id: 'b7a4-11' },
      },
    ]);
    expect(p.audioFormat()).toEqual({ encoding: 'l16', sampleRate: 24000 });
    const audio = Buffer.alloc(960);
    expect(p.decode(audio, true)).toEqual([{ type: 'audio', audio }]);
    expect(p.decode(JSON.stringify({ type: 'mark', data: { name: 'm-1', event: 'playout' } }), false)).toEqual([{ type: 'marker', name: 'm-1' }]);
    expect(p.decode(JSON.stringify({ type: 'mark', data: { name: 'm-2', event: 'cleared' } }), false)).toEqual([{ type: 'marker', name: 'm-2' }]);
    expect(p.decode(JSON.stringify({ event: 'dtmf', dtmf: '5', duration: 1600 }), false)).toEqual([{ type: 'dtmf', digit: '5' }]);
    expect(p.decode(JSON.stringify({ type: 'something' }), false)).toEqual([{ type: 'ignored', reason: "unexpected jambonz message 'something'" }]);
  });

  it('takes the sample rate the metadata announces', () => {
    const p = jambonzStreamProtocol();
    p.decode(JSON.stringify({ ...metadata, sampleRate: 8000 }), false);
    expect(p.audioFormat()).toEqual({ encoding: 'l16', sampleRate: 8000 });
  });

  it('sends audio as binary frames and control messages as JSON', () => {
    const p = jambonzStreamProtocol();
    const chunk = Uint8Array.from([1, 2, 3, 4]);
    expect(p.audio(chunk)).toEqual([chunk]);
    expect(p.marker('m-1')).toEqual(['{"type":"mark","data":{"name":"m-1"}}']);
    expect(p.clear()).toEqual(['{"type":"killAudio"}']);
  });

  it('refuses malformed frames', () => {
    const refused = (p: ReturnType<typeof jambonzStreamProtocol>, data: string | Uint8Array, isBinary: boolean) => expect(() => p.decode(data, isBinary)).toThrow(VoiceFrameError);
    const fresh = jambonzStreamProtocol();
    refused(fresh, Buffer.alloc(320), true);
    refused(fresh, 'not json', false);
    refused(fresh, JSON.stringify({ from: '+1' }), false);
    const started = jambonzStreamProtocol();
    started.decode(JSON.stringify(metadata), false);
    refused(started, Buffer.alloc(321), true);
    refused(started, Buffer.alloc(200_000), true);
    refused(started, '{', false);
  });
});
