/**
 * The call session under a telephony-like protocol defined here (μ-law 8 kHz, DTMF, stop), driven
 * directly: what voice-stream channels such as Twilio and jambonz get from it.
 */
import { pino } from 'pino';
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';
import { CallSession } from '../../src/channels/voice/call-session.ts';
import { TtsCache } from '../../src/channels/voice/tts-cache.ts';
import type { CallEvent, OutboundFrame, VoiceProtocol } from '../../src/channels/voice/voice-protocol.ts';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import type { AsrEngine } from '../../src/ports/speech.ts';
import { ScriptedAsr, ScriptedTts } from './scripted-speech.ts';
import { PROJECT } from './voice-server.ts';

/** Frames are JSON: {start}, {media: <byte count>}, {mark}, {dtmf}, {stop}; out: {media}, {mark}, {clear}. */
class PhoneProtocol implements VoiceProtocol {
  readonly channel = 'twilio_media_streams';
  audioFormat() {
    return { encoding: 'mulaw', sampleRate: 8000 } as const;
  }
  decode(data: Uint8Array | string): readonly CallEvent[] {
    const frame = JSON.parse(String(data)) as Record<string, string | number>;
    if (frame['start']) return [{ type: 'start', conversationId: String(frame['start']), metadata: { call_id: frame['start'], user_phone: '+100' } }];
    if (frame['media']) return [{ type: 'audio', audio: new Uint8Array(Number(frame['media'])).fill(0xff) }];
    if (frame['mark']) return [{ type: 'marker', name: String(frame['mark']) }];
    if (frame['dtmf']) return [{ type: 'dtmf', digit: String(frame['dtmf']) }];
    if (frame['stop']) return [{ type: 'stop' }];
    return [{ type: 'ignored', reason: 'unknown' }];
  }
  audio(chunk: Uint8Array): readonly OutboundFrame[] {
    return [JSON.stringify({ media: chunk.length })];
  }
  marker(name: string): readonly OutboundFrame[] {
    return [JSON.stringify({ mark: name })];
  }
  clear(): readonly OutboundFrame[] {
    return [JSON.stringify({ clear: true })];
  }
}

describe('call session', () => {
  let runtime: ComposedRuntime;
  beforeAll(async () => {
    runtime = await composeRuntime({ project: PROJECT }, { logger: pino({ level: 'silent' }), stores: 'memory' });
  });
  afterAll(() => runtime.close());

  function session(asr: AsrEngine = new ScriptedAsr()) {
    const sent: Record<string, unknown>[] = [];
    const hangups: string[] = [];
    const call = new CallSession({
      runtime: runtime.processor,
      protocol: new PhoneProtocol(),
      asr,
      tts: new ScriptedTts(),
      ttsCache: new TtsCache(0),
      interruptions: { enabled: false, min_words: 3 },
      silenceTimeoutSeconds: 0,
      send: (frame) => sent.push(JSON.parse(String(frame)) as Record<string, unknown>),
      hangup: (reason) => hangups.push(reason),
      logger: pino({ level: 'silent' }),
      dtmfGapMs: 200,
    });
    const frame = (f: unknown) => call.receive(JSON.stringify(f), false);
    return { call, sent, hangups, frame };
  }

  const userTexts = async (id: string) => ((await runtime.processor.getState(id))?.events ?? []).flatMap((e) => (e.event === 'user' ? [e.text] : []));

  it('sends 20 ms μ-law frames to the phone and 16 kHz L16 to the ASR, with call parameters on every turn', async () => {
    const asr = new ScriptedAsr();
    const { call, sent, frame } = session(asr);
    frame({ start: 'CA-1' });
    await vi.waitFor(() => expect(asr.streams).toHaveLength(1));
    for (let i = 0; i < 50; i++) frame({ media: 160 });
    // 1 s of 8 kHz μ-law is 32,000 bytes of 16 kHz L16, less the resampler's filter delay.
    expect(asr.latest().bytesReceived).toBeGreaterThan(31_500);
    expect(asr.latest().bytesReceived).toBeLessThanOrEqual(32_000);
    asr.latest().say('check my balance');
    await vi.waitFor(() => expect(sent.filter((f) => f['mark'])).toHaveLength(4));
    expect(new Set(sent.filter((f) => f['media']).map((f) => f['media']))).toEqual(new Set([160]));
    const state = await runtime.processor.getState('CA-1');
    expect(state!.events.find((e) => e.event === 'user' && e.text === 'check my balance')).toMatchObject({ input_channel: 'twilio_media_streams', metadata: { call_id: 'CA-1', user_phone: '+100' } });
    await call.close('test over');
  });

  it('turns DTMF digits into one user message: ended by # or by a pause', async () => {
    const { call, frame } = session();
    frame({ start: 'CA-dtmf' });
    await vi.waitFor(async () => expect(await userTexts('CA-dtmf')).toContain('/session_start'));
    for (const digit of ['1', '2', '3', '#']) frame({ dtmf: digit });
    await vi.waitFor(async () => expect(await userTexts('CA-dtmf')).toContain('123'));
    frame({ dtmf: '4' });
    frame({ dtmf: '2' });
    await vi.waitFor(async () => expect(await userTexts('CA-dtmf')).toContain('42'));
    await call.close('test over');
    expect(await userTexts('CA-dtmf')).toEqual(['/session_start', '123', '42', '/session_end']);
  });

  it('ends the call on stop: /session_end once, ASR closed, later frames ignored', async () => {
    const asr = new ScriptedAsr();
    const { call, frame } = session(asr);
    frame({ start: 'CA-stop' });
    frame({ start: 'CA-other' });
    await vi.waitFor(async () => expect(await userTexts('CA-stop')).toContain('/session_start'));
    frame({ stop: true });
    frame({ dtmf: '1' });
    await call.close('again');
    expect(await userTexts('CA-stop')).toEqual(['/session_start', '/session_end']);
    expect(await runtime.processor.getState('CA-other')).toBeUndefined();
    expect(asr.closed).toBe(1);
  });

  it('hangs up when the ASR stream fails', async () => {
    const asr = new ScriptedAsr();
    const { call, hangups, frame } = session(asr);
    frame({ start: 'CA-asr' });
    await vi.waitFor(() => expect(asr.streams).toHaveLength(1));
    asr.latest().options.onError(new Error('connection reset'));
    expect(hangups).toEqual(['ASR failed']);
    await call.close('socket closed');
    expect(asr.closed).toBe(1);
  });

  it('hangs up when the call cannot start (the ASR refuses to open)', async () => {
    const failing: AsrEngine = { name: 'down', inputFormat: { encoding: 'l16', sampleRate: 16000 }, open: () => Promise.reject(new Error('401 from the ASR')) };
    const { call, hangups, frame } = session(failing);
    frame({ start: 'CA-down' });
    await vi.waitFor(() => expect(hangups).toEqual(['call start failed']));
    await call.close('socket closed');
  });
});
