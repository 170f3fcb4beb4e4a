/**
 * Twilio Media Streams over a real WebSocket and HTTP against a real colloquy server with scripted
 * ASR/TTS: the TwiML webhook (Basic auth), Twilio's golden frames in (`connected`, `start`,
 * `media`, `mark`, `dtmf`, `stop`), `media`/`mark` out, `clear` on barge-in, malformed frames.
 */
import { describe, expect, it } from 'vitest';
import { basicAuth } from './twilio-jambonz-auth.ts';
import { TelcoClient } from './twilio-jambonz-client.ts';
import { parseTwiml } from './twilio-twiml.ts';
import { userTexts, voiceServerForSuite } from './voice-server.ts';

const credentials = {
  server_url: 'voice.example.com',
  asr: { name: 'scripted' },
  tts: { name: 'scripted', cache_size: 0 },
  interruptions: { enabled: true, min_words: 3 },
  username: 'twilio',
  password: 's3cret',
};

/** Twilio's frames as its Media Streams documentation shows them. */
const frames = {
  connected: { event: 'connected', protocol: 'Call', version: '1.0.0' },
  start: (streamSid: string) => ({
    event: 'start',
    sequenceNumber: '1',
    start: {
      accountSid: 'AC0001',
      streamSid,
      callSid: 'CA0001',
      tracks: ['inbound'],
      mediaFormat: { encoding: 'audio/x-mulaw', sampleRate: 8000, channels: 1 },
      customParameters: { call_id: 'CA0001', user_phone: '+15550001', bot_phone: '+15559999', direction: 'inbound' },
    },
    streamSid,
  }),
  media: (streamSid: string, chunk: number) => ({
    event: 'media',
    sequenceNumber: String(chunk + 2),
    media: { track: 'inbound', chunk: String(chunk), timestamp: String(chunk * 20), payload: Buffer.alloc(160, 0xff).toString('base64') },
    streamSid,
  }),
  mark: (streamSid: string, name: string) => ({ event: 'mark', sequenceNumber: '9', streamSid, mark: { name } }),
  dtmf: (streamSid: string, digit: string) => ({ event: 'dtmf', streamSid, sequenceNumber: '10', dtmf: { track: 'inbound_track', digit } }),
  stop: (streamSid: string) => ({ event: 'stop', sequenceNumber: '11', stop: { accountSid: 'AC0001', callSid: 'CA0001' }, streamSid }),
};

describe('twilio_media_streams', () => {
  const { voice, closeAfterTest } = voiceServerForSuite({ channels: [{ name: 'twilio_media_streams', options: credentials }] });

  const webhook = (authorization?: string) =>
    fetch(`${voice.url}/webhooks/twilio_media_streams/webhook`, {
      method: 'POST',
      headers: { 'content-type': 'application/x-www-form-urlencoded', ...(authorization ? { authorization } : {}) },
      body: new URLSearchParams({ CallSid: 'CA0001', From: '+15550001', To: '+15559999', Direction: 'inbound', AccountSid: 'AC0001' }).toString(),
    });

  async function call(streamSid: string): Promise<TelcoClient> {
    const client = await TelcoClient.connect(`${voice.url.replace('http', 'ws')}/webhooks/twilio_media_streams/websocket`);
    closeAfterTest(client);
    client.send(frames.connected);
    client.send(frames.start(streamSid));
    await client.until(async () => userTexts(await voice.state(streamSid)).includes('/session_start'));
    return client;
  }

  it('refuses the webhook without the Basic credentials and challenges for them', async () => {
    const anonymous = await webhook();
    expect(anonymous.status).toBe(401);
    expect(anonymous.headers.get('www-authenticate')).toBe('Basic realm="webhooks/twilio_media_streams/webhook"');
    expect((await webhook(basicAuth('twilio', 'wrong'))).status).toBe(401);
  });

  it('answers the call webhook with TwiML connecting a stream that carries the call parameters', async () => {
    const response = await webhook(basicAuth('twilio', 's3cret'));
    expect(response.status).toBe(200);
    expect(response.headers.get('content-type')).toMatch(/^text\/xml/);
    const twiml = parseTwiml(await response.text());
    const parameter = (name: string, value: string) => ({ name: 'Parameter', attributes: { name, value }, children: [], text: '' });
    expect(twiml).toEqual({
      name: 'Response',
      attributes: {},
      text: '',
      children: [
        {
          name: 'Connect',
          attributes: {},
          text: '',
          children: [
            {
              name: 'Stream',
              attributes: { url: 'wss://voice.example.com/webhooks/twilio_media_streams/websocket' },
              text: '',
              children: [parameter('call_id', 'CA0001'), parameter('user_phone', '+15550001'), parameter('bot_phone', '+15559999'), parameter('direction', 'inbound')],
            },
          ],
        },
      ],
    });
  });

  it('takes the streamSid as conversation id and the custom parameters as session metadata', async () => {
    await call('MZ-start');
    const state = await voice.state('MZ-start');
    const start = state!.events.find((e) => e.event === 'user');
    expect(start).toMatchObject({ text: '/session_start', input_channel: 'twilio_media_streams' });
    expect((start as { metadata?: unknown }).metadata).toMatchObject({ call_id: 'CA0001', user_phone: '+15550001', bot_phone: '+15559999', direction: 'inbound', stream_id: 'MZ-start' });
  });

  it('streams caller audio to the ASR and speaks in media frames between marks', async () => {
    const client = await call('MZ-talk');
    const asr = voice.asr.latest();
    for (let chunk = 1; chunk <= 5; chunk++) client.send(frames.media('MZ-talk', chunk));
    // μ-law 8 kHz in, 16 kHz L16 to the engine: each 160-byte frame becomes 640 bytes (less the resampler's delay).
    await client.until(() => asr.bytesReceived >= 4 * 640);

    asr.say('check my balance');
    await client.until(() => client.json().filter((f) => f.event === 'mark').length >= 2);
    const out = client.json();
    for (const frame of out) expect(frame.streamSid).toBe('MZ-talk');
    const media = out.filter((f) => f.event === 'media');
    expect(media.length).toBeGreaterThan(0);
    for (const frame of media) {
      expect(Object.keys(frame)).toEqual(['event', 'streamSid', 'media']);
      expect(Object.keys(frame.media as object)).toEqual(['payload']);
      // 20 ms of 8 kHz μ-law per frame.
      expect(Buffer.from((frame.media as { payload: string }).payload, 'base64').length % 160).toBe(0);
    }
    expect(out[0]).toMatchObject({ event: 'mark', mark: { name: expect.any(String) } });

    // Twilio echoes each mark once played; then the caller presses 4, 2, # and it is a turn.
    for (const mark of out.filter((f) => f.event === 'mark')) client.send(frames.mark('MZ-talk', (mark.mark as { name: string }).name));
    for (const digit of ['4', '2', '#']) client.send(frames.dtmf('MZ-talk', digit));
    await client.until(async () => userTexts(await voice.state('MZ-talk')).includes('42'));
    expect(userTexts(await voice.state('MZ-talk'))).toEqual(['/session_start', 'check my balance', '42']);
  });

  it('clears Twilio playback on barge-in', async () => {
    const client = await call('MZ-barge');
    const asr = voice.asr.latest();
    voice.tts.gate = new Promise(() => undefined); // the fees stay mid-synthesis until interrupted
    asr.say('explain the fees');
    await client.until(() => client.json().some((f) => f.event === 'media'));
    const first = client.json().find((f) => f.event === 'mark')!;
    client.send(frames.mark('MZ-barge', (first.mark as { name: string }).name)); // playback has started
    asr.emit({ type: 'interim', text: 'actually I need' });
    await client.until(() => client.json().some((f) => f.event === 'clear'));
    expect(client.json().find((f) => f.event === 'clear')).toEqual({ event: 'clear', streamSid: 'MZ-barge' });
  });

  it('survives malformed frames and ends the session on stop', async () => {
    const client = await call('MZ-bad');
    const asr = voice.asr.latest();
    client.send('not json');
    client.send(Buffer.from([1, 2, 3]));
    client.send({ event: 'media', streamSid: 'MZ-bad', media: { payload: '!!not base64!!' } });
    client.send({ event: 'media', streamSid: 'MZ-bad', media: { payload: Buffer.alloc(20_000).toString('base64') } });
    client.send({ event: 'mark' });
    client.send({ event: 'something-new', streamSid: 'MZ-bad' });
    client.send(frames.media('MZ-bad', 1));
    await client.until(() => asr.bytesReceived > 0);
    expect(client.closeCode).toBeUndefined();

    client.send(frames.stop('MZ-bad'));
    await client.until(async () => userTexts(await voice.state('MZ-bad')).includes('/session_end'));
    const state = await voice.state('MZ-bad');
    expect(state!.events.some((e) => e.event === 'session_ended')).toBe(true);
    await client.until(() => voice.asr.closed === voice.asr.opened || undefined);
  });
});
