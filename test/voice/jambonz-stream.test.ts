/**
 * jambonz `listen` streams (`jambonz_stream`) over a real WebSocket and HTTP against a real colloquy
 * server with scripted ASR/TTS: the `listen` webhook (Basic auth), subprotocol `audio.jambonz.org`,
 * the metadata frame, binary L16 both ways, marks, DTMF, `killAudio` on barge-in, malformed frames.
 */
import { describe, expect, it } from 'vitest';
import { basicAuth } from './twilio-jambonz-auth.ts';
import { TelcoClient } from './twilio-jambonz-client.ts';
import { userTexts, voiceServerForSuite } from './voice-server.ts';

const PROTOCOL = 'audio.jambonz.org';
/** 20 ms of L16 at 24 kHz. */
const FRAME_BYTES = 960;

const credentials = {
  server_url: 'https://voice.example.com',
  asr: { name: 'scripted' },
  tts: { name: 'scripted', cache_size: 0 },
  interruptions: { enabled: true, min_words: 3 },
  username: 'jambonz',
  password: 's3cret',
};

describe('jambonz_stream', () => {
  // With jambonz voice-ready beside it: one WebSocket server accepts both subprotocols.
  const { voice, closeAfterTest } = voiceServerForSuite({ channels: [{ name: 'jambonz_stream', options: credentials }, { name: 'jambonz', options: {} }] });

  const post = (path: string, authorization?: string) =>
    fetch(`${voice.url}/webhooks/jambonz_stream/${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(authorization ? { authorization } : {}) },
      body: JSON.stringify({ call_sid: 'jz-1', from: '+15550001', to: '+15559999', direction: 'inbound' }),
    });

  async function call(callSid: string): Promise<TelcoClient> {
    const client = await TelcoClient.connect(`${voice.url.replace('http', 'ws')}/webhooks/jambonz_stream/websocket`, PROTOCOL);
    closeAfterTest(client);
    client.send({ callSid, direction: 'inbound', from: '+15550001', to: '+15559999', callId: 'abc@sip', sampleRate: 24000, mixType: 'mono' });
    await client.until(async () => userTexts(await voice.state(callSid)).includes('/session_start'));
    return client;
  }

  it('refuses the webhooks without the Basic credentials', async () => {
    expect((await post('webhook')).status).toBe(401);
    expect((await post('webhook', basicAuth('jambonz', 'wrong'))).status).toBe(401);
    expect((await post('call_status')).status).toBe(401);
    expect((await post('call_status', basicAuth('jambonz', 's3cret'))).status).toBe(200);
  });

  it('answers the call webhook with the listen verb for bidirectional streaming', async () => {
    const response = await post('webhook', basicAuth('jambonz', 's3cret'));
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual([
      {
        verb: 'listen',
        url: 'wss://voice.example.com/webhooks/jambonz_stream/websocket',
        sampleRate: 24000,
        passDtmf: true,
        bidirectionalAudio: { enabled: true, streaming: true, sampleRate: 24000 },
      },
    ]);
  });

  it('accepts the audio.jambonz.org subprotocol and starts the call from the metadata frame', async () => {
    const client = await call('jz-start');
    expect(client.socket.protocol).toBe(PROTOCOL);
    const start = (await voice.state('jz-start'))!.events.find((e) => e.event === 'user');
    expect(start).toMatchObject({ text: '/session_start', input_channel: 'jambonz_stream' });
    expect((start as { metadata?: unknown }).metadata).toMatchObject({ call_id: 'jz-start', user_phone: '+15550001', bot_phone: '+15559999', stream_id: 'jz-start' });
  });

  it('accepts each channel its own subprotocol and refuses unknown ones', async () => {
    const ws = voice.url.replace('http', 'ws');
    const readyClient = await TelcoClient.connect(`${ws}/webhooks/jambonz/websocket`, 'ws.jambonz.org');
    closeAfterTest(readyClient);
    expect(readyClient.socket.protocol).toBe('ws.jambonz.org');
    await expect(TelcoClient.connect(`${ws}/webhooks/jambonz_stream/websocket`, 'bogus.example.org')).rejects.toThrow(/subprotocol/);
  });

  it('takes binary L16 in, speaks binary L16 between marks, and takes DTMF', async () => {
    const client = await call('jz-talk');
    const asr = voice.asr.latest();
    for (let i = 0; i < 5; i++) client.send(Buffer.alloc(FRAME_BYTES));
    // 24 kHz in, 16 kHz to the engine: each 960-byte frame becomes 640 bytes (less the resampler's delay).
    await client.until(() => asr.bytesReceived >= 4 * 640);

    asr.say('check my balance');
    await client.until(() => client.json().filter((f) => f.type === 'mark').length >= 2);
    expect(client.frames[0]).toMatchObject({ json: { type: 'mark', data: { name: expect.any(String) } } });
    const audio = client.binary();
    expect(audio.length).toBeGreaterThan(0);
    for (const chunk of audio) expect(chunk.length % FRAME_BYTES).toBe(0);
    // The scripted TTS speaks a constant level; it survives resampling to 24 kHz.
    expect(audio[1]!.readInt16LE(100)).toBeGreaterThan(900);

    // jambonz echoes marks once played out; then the caller keys 7 #.
    for (const mark of client.json().filter((f) => f.type === 'mark')) client.send({ type: 'mark', data: { name: (mark.data as { name: string }).name, event: 'playout' } });
    client.send({ event: 'dtmf', dtmf: '7', duration: 250 });
    client.send({ event: 'dtmf', dtmf: '#', duration: 250 });
    await client.until(async () => userTexts(await voice.state('jz-talk')).includes('7'));
    expect(userTexts(await voice.state('jz-talk'))).toEqual(['/session_start', 'check my balance', '7']);
  });

  it('kills jambonz playback on barge-in', async () => {
    const client = await call('jz-barge');
    const asr = voice.asr.latest();
    voice.tts.gate = new Promise(() => undefined);
    asr.say('explain the fees');
    await client.until(() => client.binary().length > 0);
    const first = client.json().find((f) => f.type === 'mark')!;
    client.send({ type: 'mark', data: { name: (first.data as { name: string }).name, event: 'playout' } });
    asr.emit({ type: 'interim', text: 'actually I need' });
    await client.until(() => client.json().some((f) => f.type === 'killAudio'));
    expect(client.json().find((f) => f.type === 'killAudio')).toEqual({ type: 'killAudio' });
  });

  it('survives malformed frames and ends the session when the socket closes', async () => {
    const client = await call('jz-bad');
    const asr = voice.asr.latest();
    client.send('not json');
    client.send(Buffer.alloc(FRAME_BYTES + 1));
    client.send({ type: 'mark' });
    client.send({ type: 'something-new' });
    client.send(Buffer.alloc(FRAME_BYTES));
    await client.until(() => asr.bytesReceived > 0);
    expect(client.closeCode).toBeUndefined();

    await client.close();
    await client.until(async () => userTexts(await voice.state('jz-bad')).includes('/session_end'));
    expect((await voice.state('jz-bad'))!.events.some((e) => e.event === 'session_ended')).toBe(true);
  });

  it('refuses a metadata frame without a callSid without starting a call', async () => {
    const client = await TelcoClient.connect(`${voice.url.replace('http', 'ws')}/webhooks/jambonz_stream/websocket`, PROTOCOL);
    closeAfterTest(client);
    client.send(Buffer.alloc(FRAME_BYTES)); // binary before the metadata
    client.send({ from: '+15550001' });
    client.send({ callSid: 'jz-late', from: '+15550001', sampleRate: 24000 });
    await client.until(async () => userTexts(await voice.state('jz-late')).includes('/session_start'));
  });
});
