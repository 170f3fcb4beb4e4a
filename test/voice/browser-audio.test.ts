/**
 * browser_audio over a real WebSocket against the real server and runtime (test/voice/project),
 * with scripted ASR/TTS: golden frames, format conversion, latency on end markers and on the
 * tracker's bot events.
 */
import { io as connectSocketIo } from 'socket.io-client';
import { describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { BrowserClient, type BrowserFrame } from './browser-client.ts';
import { voiceServerForSuite } from './voice-server.ts';

const LATENCY_KEYS = ['asr_latency_ms', 'processing_latency_ms', 'rasa_processing_latency_ms', 'response_latency_ms', 'tts_complete_latency_ms', 'tts_first_byte_latency_ms'];

/** 20 ms of the scripted tone (L16 at 16 kHz, every sample 1000 = bytes e8 03): the TTS output unconverted. */
const TONE_FRAME = Buffer.from('e803'.repeat(320), 'hex').toString('base64');
/** The last 10 ms of a message, padded with silence to a whole frame. */
const TONE_TAIL = Buffer.concat([Buffer.from('e803'.repeat(160), 'hex'), Buffer.alloc(320)]).toString('base64');

function shape(frames: readonly BrowserFrame[]): string[] {
  return frames.map((f) => {
    if (f.audio !== undefined) return f.audio === TONE_FRAME ? 'tone' : f.audio === TONE_TAIL ? 'tail' : `audio:${f.audio.length}`;
    if (f.latency) return `end:${f.marker}`;
    if (f.marker !== undefined) return `marker:${f.marker}`;
    return JSON.stringify(f);
  });
}

const times = (n: number, item: string) => Array.from({ length: n }, () => item);

describe('browser_audio at 16 kHz (no conversion): golden frames', () => {
  const { voice, closeAfterTest } = voiceServerForSuite({ channelOptions: { asr: { name: 'scripted' }, tts: { name: 'scripted' }, sample_rate: 16000 } });

  it('answers the health route', async () => {
    const response = await fetch(`${voice.url}/webhooks/browser_audio/`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: 'ok' });
  });

  it('streams a bot answer as 20 ms frames between a start marker, a marker per second and an end marker with latency', async () => {
    const client = await BrowserClient.connect(voice.url, { query: '?conversation_id=golden-1' });
    closeAfterTest(client);
    await client.until(() => voice.asr.streams.length === 1);
    const started = await client.until(async () => (await voice.state('golden-1'))?.events.some((e) => e.event === 'session_started'));
    expect(started).toBe(true);
    client.sendAudio(5, 640);
    await client.until(() => voice.asr.latest().bytesReceived === 3200);

    voice.tts.msPerWord = 155;
    voice.asr.latest().say('explain the fees');
    await client.until(() => client.endMarkers().length === 2);
    // "Our fees are simple. …" has 18 words: 2790 ms of audio, 139 frames and a half one.
    // "Is there anything else you need?" has 6: 930 ms, 46 frames and a half one.
    expect(shape(client.frames)).toEqual([
      'marker:1',
      ...times(50, 'tone'),
      'marker:2',
      ...times(50, 'tone'),
      'marker:3',
      ...times(39, 'tone'),
      'tail',
      'end:4',
      'marker:5',
      ...times(46, 'tone'),
      'tail',
      'end:6',
    ]);
    const [first, second] = client.endMarkers();
    expect(Object.keys(first!.latency!).sort()).toEqual(LATENCY_KEYS);
    expect(first!.latency!['response_latency_ms']).toBeCloseTo(first!.latency!['processing_latency_ms']! + first!.latency!['tts_first_byte_latency_ms']!, 0);
    expect(first!.latency!['rasa_processing_latency_ms']).toBe(first!.latency!['processing_latency_ms']);
    expect(second!.latency!['processing_latency_ms']).toBeGreaterThanOrEqual(first!.latency!['processing_latency_ms']!);

    // The same numbers are on the tracker's bot events, saved with the turn.
    const state = await voice.state('golden-1');
    const bots = state!.events.filter((e) => e.event === 'bot');
    expect(bots.map((b) => b.metadata?.['latency'])).toEqual([first!.latency, second!.latency]);
    expect(state!.events.find((e) => e.event === 'user' && e.text === 'explain the fees')).toMatchObject({ input_channel: 'browser_audio', metadata: { call_id: 'golden-1' } });
  });

  it('refuses an unusable conversation_id and starts a new conversation instead', async () => {
    const client = await BrowserClient.connect(voice.url, { query: `?conversation_id=${encodeURIComponent('a\u0000b')}` });
    closeAfterTest(client);
    await client.until(() => voice.asr.streams.length === 2);
    expect((await voice.runtime.processor.listConversations()).some((id) => /^[0-9a-f]{32}$/.test(id))).toBe(true);
  });
});

describe('browser_audio at 48 kHz (the default): audio is resampled both ways', () => {
  const { voice } = voiceServerForSuite();

  it('sends 48 kHz frames to the browser and 16 kHz audio to the ASR', async () => {
    const client = await BrowserClient.connect(voice.url, { query: '?conversation_id=resampled' });
    await client.until(() => voice.asr.streams.length === 1);
    client.sendAudio(50);
    // 50 frames of 1920 bytes at 48 kHz are 1 s: 32,000 bytes at 16 kHz (give or take the filter delay).
    await client.until(() => voice.asr.latest().bytesReceived > 31_000);
    expect(voice.asr.latest().bytesReceived).toBeLessThanOrEqual(32_000);

    voice.asr.latest().say('check my balance');
    await client.until(() => client.endMarkers().length === 2);
    const audio = client.frames.filter((f) => f.audio !== undefined).map((f) => Buffer.from(f.audio!, 'base64'));
    expect(new Set(audio.map((a) => a.length))).toEqual(new Set([1920]));
    // Inside the message the tone keeps its level after resampling.
    const middle = audio[20]!;
    const level = middle.readInt16LE(480);
    expect(Math.abs(level - 1000)).toBeLessThan(30);
    await client.close();
  });
});

describe('browser_audio beside socket.io on one server', () => {
  const { voice } = voiceServerForSuite({ otherChannels: [{ name: 'socketio', options: {} }] });

  it('leaves socket.io its WebSocket upgrades and refuses upgrades nobody serves', async () => {
    const chat = connectSocketIo(voice.url, { transports: ['websocket'], forceNew: true });
    await new Promise<void>((resolve, reject) => chat.once('connect', resolve).once('connect_error', reject));
    chat.disconnect();
    const client = await BrowserClient.connect(voice.url, { query: '?conversation_id=beside' });
    await client.until(() => voice.asr.streams.length === 1);
    const stray = new WebSocket(`${voice.url.replace('http', 'ws')}/webhooks/nothing/websocket`);
    await expect(new Promise((resolve, reject) => stray.once('open', resolve).once('error', reject))).rejects.toThrow();
    await client.close();
  });
});
