/**
 * The behaviour every AsrEngine must have (src/ports/speech.ts). Each engine runs it from its own test
 * file with a fixture: the real engine (pocketsphinx) or the engine pointed at a local fake server
 * that speaks the provider's protocol (cloud engines).
 *
 * Audio is fed the way voice sessions feed it: 20 ms frames in the engine's `inputFormat`, yielding to
 * the event loop between frames (`realTime` paces them at 20 ms instead).
 * @module
 */
import { setImmediate as nextTurn, setTimeout as sleep } from 'node:timers/promises';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { waitFor } from '../speech/wait-for.ts';
import type { AsrEngine, AsrEvent, AsrStream, AudioFormat } from '../../src/ports/speech.ts';

export interface AsrContractFixture {
  readonly engine: AsrEngine;
  /**
   * Two different utterances in the engine's input format, each followed by enough trailing silence
   * for the engine to end the utterance, with words the final transcript must contain
   * (lower-case). A fake server recognises them however it likes (e.g. by the order audio arrives).
   */
  readonly utterances: readonly [SpokenUtterance, SpokenUtterance];
  /**
   * How many streams/connections/decoders the engine holds right now; the suite asserts it returns
   * to where it was after every stream is closed.
   */
  openResources(): number;
  /**
   * Makes an open stream fail the way the engine's transport can (the fake server drops the
   * connection, the decoder reports an error). Absent when the engine has no such failure to inject.
   */
  breakStream?(stream: AsrStream): Promise<void> | void;
  /** Feed frames at real-time pace (20 ms apart) instead of as fast as the event loop allows. */
  readonly realTime?: boolean;
  /** Upper bound for one utterance to come back as a final (ms); default 20 s. */
  readonly finalTimeoutMs?: number;
  dispose(): Promise<void>;
}

export interface SpokenUtterance {
  readonly audio: Uint8Array;
  readonly keywords: readonly string[];
}

/** Bytes in one 20 ms frame of `format`. */
export function frameBytes(format: AudioFormat): number {
  const samples = format.sampleRate / 50;
  return format.encoding === 'mulaw' ? samples : samples * 2;
}

/** `ms` of digital silence in `format` (μ-law's zero level is 0xFF). */
export function silenceAudio(format: AudioFormat, ms: number): Uint8Array {
  const bytes = Math.round((frameBytes(format) * ms) / 20);
  return new Uint8Array(bytes).fill(format.encoding === 'mulaw' ? 0xff : 0);
}

/** Sends `audio` to `stream` in 20 ms frames. */
export async function feedFrames(stream: AsrStream, format: AudioFormat, audio: Uint8Array, realTime = false): Promise<void> {
  const size = frameBytes(format);
  for (let at = 0; at < audio.length; at += size) {
    stream.send(audio.subarray(at, Math.min(at + size, audio.length)));
    if (realTime) await sleep(20);
    else await nextTurn();
  }
}

interface Recorded {
  readonly events: AsrEvent[];
  readonly errors: Error[];
  readonly stream: AsrStream;
}

const finals = (events: readonly AsrEvent[]) => events.filter((e): e is Extract<AsrEvent, { type: 'final' }> => e.type === 'final');

export function describeAsrEngineContract(name: string, makeFixture: () => Promise<AsrContractFixture>): void {
  describe(`AsrEngine contract: ${name}`, () => {
    let fixture: AsrContractFixture;
    const opened: AsrStream[] = [];
    beforeAll(async () => {
      fixture = await makeFixture();
    }, 60_000);
    afterAll(async () => {
      await Promise.all(opened.map((s) => s.close()));
      await fixture?.dispose();
    });

    async function open(): Promise<Recorded> {
      const events: AsrEvent[] = [];
      const errors: Error[] = [];
      const stream = await fixture.engine.open({ language: 'en-US', onEvent: (e) => events.push(e), onError: (e) => errors.push(e) });
      opened.push(stream);
      return { events, errors, stream };
    }
    const feed = (stream: AsrStream, audio: Uint8Array) => feedFrames(stream, fixture.engine.inputFormat, audio, fixture.realTime);
    const finalTimeout = () => fixture.finalTimeoutMs ?? 20_000;

    it('declares an input format the voice session can produce', () => {
      const { encoding, sampleRate } = fixture.engine.inputFormat;
      expect(['mulaw', 'l16']).toContain(encoding);
      expect([8000, 16000, 24000, 48000]).toContain(sampleRate);
      expect(fixture.engine.name).toMatch(/\S/);
    });

    it('reports interim results before exactly one non-empty final per utterance', async () => {
      const { events, errors, stream } = await open();
      const [first, second] = fixture.utterances;
      await feed(stream, first.audio);
      await waitFor(() => finals(events).length >= 1, finalTimeout(), 'the first final');
      await feed(stream, second.audio);
      await waitFor(() => finals(events).length >= 2, finalTimeout(), 'the second final');
      // Trailing silence must not produce a third (empty or repeated) final.
      await feed(stream, silenceAudio(fixture.engine.inputFormat, 1000));
      await sleep(300);
      await stream.close();

      expect(errors).toEqual([]);
      const texts = finals(events).map((e) => e.text.toLowerCase());
      expect(texts).toHaveLength(2);
      for (const text of texts) expect(text.trim()).not.toBe('');
      for (const keyword of first.keywords) expect(texts[0]).toContain(keyword);
      for (const keyword of second.keywords) expect(texts[1]).toContain(keyword);
      const firstFinal = events.findIndex((e) => e.type === 'final');
      expect(events.slice(0, firstFinal).some((e) => e.type === 'interim' && e.text.trim() !== '')).toBe(true);
      for (const e of events) if (e.type === 'interim') expect(typeof e.text).toBe('string');
    });

    it('never reports a final for silence', async () => {
      const { events, errors, stream } = await open();
      await feed(stream, silenceAudio(fixture.engine.inputFormat, 2000));
      await sleep(500);
      await stream.close();
      expect(errors).toEqual([]);
      expect(finals(events)).toEqual([]);
      expect(events.filter((e) => e.type === 'interim' && e.text.trim() !== '')).toEqual([]);
    });

    it('keeps concurrent streams apart', async () => {
      const a = await open();
      const b = await open();
      const [first, second] = fixture.utterances;
      await Promise.all([feed(a.stream, first.audio), feed(b.stream, second.audio)]);
      await waitFor(() => finals(a.events).length >= 1 && finals(b.events).length >= 1, finalTimeout(), 'a final on both streams');
      await Promise.all([a.stream.close(), b.stream.close()]);
      for (const keyword of first.keywords) expect(finals(a.events)[0]!.text.toLowerCase()).toContain(keyword);
      for (const keyword of second.keywords) expect(finals(b.events)[0]!.text.toLowerCase()).toContain(keyword);
      expect(finals(a.events)).toHaveLength(1);
      expect(finals(b.events)).toHaveLength(1);
    });

    it('close is idempotent, releases the stream, and later sends are harmless', async () => {
      const before = fixture.openResources();
      const { events, errors, stream } = await open();
      await feed(stream, fixture.utterances[0].audio.subarray(0, frameBytes(fixture.engine.inputFormat) * 25));
      await Promise.all([stream.close(), stream.close()]);
      await stream.close();
      const seen = events.length;
      expect(() => stream.send(fixture.utterances[0].audio.subarray(0, frameBytes(fixture.engine.inputFormat)))).not.toThrow();
      await feed(stream, fixture.utterances[0].audio);
      await sleep(300);
      expect(events.length).toBe(seen);
      expect(errors).toEqual([]);
      await waitFor(() => fixture.openResources() === before, 5000, `open resources back to ${before}`);
    });

    it('closing mid-utterance ends the stream without a late final', async () => {
      const { events, errors, stream } = await open();
      const audio = fixture.utterances[1].audio;
      await feed(stream, audio.subarray(0, Math.floor(audio.length / 2)));
      await stream.close();
      const seen = events.length;
      await sleep(500);
      expect(events.length).toBe(seen);
      expect(errors).toEqual([]);
    });

    it('reports a transport failure through onError, once, and then stays quiet', async (ctx) => {
      if (!fixture.breakStream) return ctx.skip();
      const { events, errors, stream } = await open();
      await feed(stream, fixture.utterances[0].audio.subarray(0, frameBytes(fixture.engine.inputFormat) * 10));
      await fixture.breakStream(stream);
      await waitFor(() => errors.length > 0, 10_000, 'onError');
      const seen = events.length;
      expect(() => stream.send(fixture.utterances[0].audio.subarray(0, frameBytes(fixture.engine.inputFormat)))).not.toThrow();
      await sleep(300);
      expect(errors).toHaveLength(1);
      expect(errors[0]).toBeInstanceOf(Error);
      expect(errors[0]!.message).toMatch(/\S/);
      expect(events.length).toBe(seen);
      await stream.close();
    });
  });
}
