/**
 * Untrusted input on voice sockets: malformed, oversized, binary and unknown frames, floods, idle
 * sockets, too many calls and abrupt disconnects mid-TTS. The server keeps serving, every call's end
 * is recorded, and nothing leaks: ASR streams, TTS syntheses, resamplers, timers, calls (counted).
 */
import WebSocket from 'ws';
import { describe, expect, it, vi } from 'vitest';
import { openResamplers } from '../../src/channels/voice/audio/speex-resampler.ts';
import { BrowserClient } from './browser-client.ts';
import { startVoiceServer, userTexts, voiceServerForSuite } from './voice-server.ts';

const timers = () => process.getActiveResourcesInfo().filter((r) => r === 'Timeout').length;

describe('voice socket limits', () => {
  const { voice } = voiceServerForSuite({ limits: { maxCalls: 600, idleTimeoutMs: 1500, maxFramesPerSecond: 200 } });

  async function call(id: string): Promise<BrowserClient> {
    const client = await BrowserClient.connect(voice.url, { query: `?conversation_id=${id}` });
    await client.until(async () => userTexts(await voice.state(id)).includes('/session_start'));
    return client;
  }

  const ended = (id: string) => voice.state(id).then((s) => userTexts(s).includes('/session_end'));

  it('skips malformed, binary and unknown frames and goes on with the call', async () => {
    const client = await call('garbage');
    client.send('not json');
    client.send('[1, 2]');
    client.send({ audio: '%%% not base64' });
    client.send({ audio: 42 });
    client.send({ marker: 5 });
    client.send({ hello: 'world' });
    client.socket.send(Buffer.from([1, 2, 3]), { binary: true });
    voice.asr.latest().say('check my balance');
    await client.until(() => client.endMarkers().length === 2);
    expect(client.closeCode).toBeUndefined();
    await client.close();
    await client.until(() => ended('garbage'));
  });

  it('closes a socket that sends an oversized frame (1009) and records the end of the call', async () => {
    const client = await call('oversized');
    client.send({ audio: Buffer.alloc(300 * 1024).toString('base64') });
    expect(await client.closed()).toBe(1009);
    await client.until(() => ended('oversized'));
  });

  it('drops frames over the rate limit and closes a socket that floods (1008)', async () => {
    const client = await call('flood');
    const frame = JSON.stringify({ marker: 'x' });
    for (let i = 0; i < 2500; i++) client.socket.send(frame);
    expect(await client.closed()).toBe(1008);
    await client.until(() => ended('flood'));
  });

  it('leaks nothing when the caller disconnects in the middle of synthesis', async () => {
    const baseline = { timers: timers(), resamplers: openResamplers() };
    const client = await call('abrupt');
    voice.tts.gate = new Promise(() => undefined);
    voice.asr.latest().say('explain the fees');
    await client.until(() => client.frames.some((f) => f.audio !== undefined));
    expect(voice.tts.active).toBe(1);
    client.socket.terminate();
    await client.until(() => voice.server.voiceCalls() === 0);
    voice.tts.gate = undefined;
    expect(voice.tts.active).toBe(0);
    expect(voice.asr.closed).toBe(voice.asr.opened);
    expect(openResamplers()).toBe(baseline.resamplers);
    expect(timers()).toBeLessThanOrEqual(baseline.timers);
    // The turn that was speaking was saved, and so was the end of the call.
    expect(userTexts(await voice.state('abrupt'))).toEqual(['/session_start', 'explain the fees', '/session_end']);
  });

  it('closes 500 idle sockets after the idle timeout and releases every call', async () => {
    const opened = voice.asr.opened;
    const sockets: WebSocket[] = [];
    const codes: number[] = [];
    for (let batch = 0; batch < 10; batch++) {
      await Promise.all(
        Array.from({ length: 50 }, async () => {
          const socket = new WebSocket(`${voice.url.replace('http', 'ws')}/webhooks/browser_audio/websocket`);
          socket.on('close', (code) => codes.push(code));
          sockets.push(socket);
          await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
        }),
      );
    }
    await vi.waitFor(() => expect(codes.length).toBe(500), { timeout: 60_000, interval: 50 });
    expect(new Set(codes)).toEqual(new Set([1000]));
    await vi.waitFor(() => expect(voice.server.voiceCalls()).toBe(0), { timeout: 60_000, interval: 50 });
    expect(voice.asr.opened - opened).toBe(500);
    expect(voice.asr.closed).toBe(voice.asr.opened);
  }, 120_000);
});

describe('voice call limit', () => {
  const { voice } = voiceServerForSuite({ limits: { maxCalls: 3 } });

  it('refuses calls beyond maxCalls with 1013 and takes new ones once calls end', async () => {
    const clients = await Promise.all(Array.from({ length: 3 }, () => BrowserClient.connect(voice.url)));
    await clients[0]!.until(() => voice.server.voiceCalls() === 3);
    const refused = await BrowserClient.connect(voice.url);
    expect(await refused.closed()).toBe(1013);
    await clients[0]!.close();
    await clients[1]!.until(() => voice.server.voiceCalls() === 2);
    const accepted = await BrowserClient.connect(voice.url);
    await accepted.until(() => voice.server.voiceCalls() === 3);
    expect(accepted.closeCode).toBeUndefined();
    await Promise.all([...clients, accepted].map((c) => c.close()));
  });
});

describe('voice calls at shutdown', () => {
  it('ends every call (1001) and records its /session_end before the server stops taking turns', async () => {
    const voice = await startVoiceServer();
    const client = await BrowserClient.connect(voice.url, { query: '?conversation_id=shutdown' });
    await client.until(async () => userTexts(await voice.state('shutdown')).includes('/session_start'));
    await voice.server.close();
    expect(await client.closed()).toBe(1001);
    expect(userTexts(await voice.state('shutdown'))).toEqual(['/session_start', '/session_end']);
    expect(voice.asr.closed).toBe(voice.asr.opened);
    await voice.runtime.close();
  });
});
