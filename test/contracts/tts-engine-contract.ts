/**
 * The behaviour every TtsEngine must have (src/ports/speech.ts). Each engine runs it from its own test
 * file with a fixture: the real engine (flite) or the engine pointed at a local fake server that
 * speaks the provider's protocol (cloud engines). The suite also runs the engine behind the shared
 * `cache_size` cache (src/adapters/speech/tts-cache.ts), which the engine registry puts in front of
 * every engine.
 * @module
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { withTtsCache } from '../../src/adapters/speech/tts-cache.ts';
import { waitFor } from '../speech/wait-for.ts';
import type { AudioFormat, TtsEngine } from '../../src/ports/speech.ts';

export interface TtsContractFixture {
  readonly engine: TtsEngine;
  /**
   * A sentence of a few seconds of speech. A fake server answers with audible audio (L16 samples
   * above ±500 somewhere, e.g. a tone), not digital silence.
   */
  readonly text: string;
  /** Text long enough (tens of seconds of audio, or a fake that streams slowly) that aborting mid-way is observable. */
  readonly longText: string;
  /** Speech rendered for `text` must last at least this long (ms); default 500. */
  readonly minDurationMs?: number;
  /**
   * How many synthesis processes/connections the engine holds right now; the suite asserts it
   * returns to where it was after each request ends, completes or is aborted.
   */
  openResources(): number;
  /** An engine of the same kind whose synthesis fails (bad binary, a fake server answering 500). */
  failing(): TtsEngine | Promise<TtsEngine>;
  dispose(): Promise<void>;
}

/** Milliseconds of audio in `bytes` of `format`. */
export function audioMs(format: AudioFormat, bytes: number): number {
  return (bytes / (format.encoding === 'mulaw' ? 1 : 2) / format.sampleRate) * 1000;
}

async function collect(chunks: AsyncIterable<Uint8Array>): Promise<Uint8Array[]> {
  const out: Uint8Array[] = [];
  for await (const chunk of chunks) out.push(chunk);
  return out;
}

const concat = (chunks: readonly Uint8Array[]) => Buffer.concat(chunks.map((c) => Buffer.from(c.buffer, c.byteOffset, c.byteLength)));

export function describeTtsEngineContract(name: string, makeFixture: () => Promise<TtsContractFixture>): void {
  describe(`TtsEngine contract: ${name}`, () => {
    let fixture: TtsContractFixture;
    beforeAll(async () => {
      fixture = await makeFixture();
    }, 60_000);
    afterAll(async () => {
      await fixture?.dispose();
    });

    it('streams non-empty chunks of audio in its declared format', async () => {
      const { encoding, sampleRate } = fixture.engine.outputFormat;
      expect(['mulaw', 'l16']).toContain(encoding);
      expect([8000, 16000, 24000, 48000]).toContain(sampleRate);
      const before = fixture.openResources();
      const chunks = await collect(fixture.engine.synthesize({ text: fixture.text, language: 'en-US' }));
      expect(chunks.length).toBeGreaterThan(0);
      for (const chunk of chunks) {
        expect(chunk).toBeInstanceOf(Uint8Array);
        expect(chunk.byteLength).toBeGreaterThan(0);
      }
      const audio = concat(chunks);
      if (encoding === 'l16') {
        expect(audio.length % 2).toBe(0);
        // Not a WAV or other container: raw samples, and not all zero.
        expect(audio.subarray(0, 4).toString('latin1')).not.toBe('RIFF');
        const samples = new Int16Array(audio.buffer, audio.byteOffset, audio.length / 2);
        expect(samples.some((s) => Math.abs(s) > 500)).toBe(true);
      }
      expect(audioMs(fixture.engine.outputFormat, audio.length)).toBeGreaterThanOrEqual(fixture.minDurationMs ?? 500);
      await waitFor(() => fixture.openResources() === before, 5000, 'the synthesis to release its resources');
    });

    it('an abort mid-stream ends the iterator promptly and releases the synthesis', async () => {
      const before = fixture.openResources();
      const controller = new AbortController();
      let chunks = 0;
      let abortedAt = 0;
      for await (const _chunk of fixture.engine.synthesize({ text: fixture.longText, signal: controller.signal })) {
        chunks += 1;
        if (chunks === 1) {
          abortedAt = performance.now();
          controller.abort();
        }
      }
      expect(chunks).toBeGreaterThanOrEqual(1);
      // At most what was already buffered, and without waiting for the rest of the speech.
      expect(performance.now() - abortedAt).toBeLessThan(1000);
      await waitFor(() => fixture.openResources() === before, 5000, 'the aborted synthesis to release its resources');
    });

    it('an already aborted request yields nothing', async () => {
      const before = fixture.openResources();
      const controller = new AbortController();
      controller.abort();
      const chunks = await collect(fixture.engine.synthesize({ text: fixture.text, signal: controller.signal }));
      expect(chunks).toEqual([]);
      await waitFor(() => fixture.openResources() === before, 5000, 'nothing left open');
    });

    it('a consumer that stops reading (break) releases the synthesis', async () => {
      const before = fixture.openResources();
      for await (const _chunk of fixture.engine.synthesize({ text: fixture.longText })) break;
      await waitFor(() => fixture.openResources() === before, 5000, 'the abandoned synthesis to release its resources');
    });

    it('serves concurrent requests independently', async () => {
      const before = fixture.openResources();
      const controller = new AbortController();
      const aborted = (async () => {
        for await (const _chunk of fixture.engine.synthesize({ text: fixture.longText, signal: controller.signal })) controller.abort();
      })();
      const [a, b] = await Promise.all([collect(fixture.engine.synthesize({ text: fixture.text })), collect(fixture.engine.synthesize({ text: 'Goodbye.' })), aborted]);
      // Aborting one request leaves the others whole.
      expect(concat(a).length).toBeGreaterThan(0);
      expect(concat(b).length).toBeGreaterThan(0);
      expect(audioMs(fixture.engine.outputFormat, concat(a).length)).toBeGreaterThanOrEqual(fixture.minDurationMs ?? 500);
      await waitFor(() => fixture.openResources() === before, 5000, 'every request to release its resources');
    });

    it('rejects with an Error when synthesis fails, and leaves nothing open', async () => {
      const failing = await fixture.failing();
      const before = fixture.openResources();
      await expect(collect(failing.synthesize({ text: fixture.text }))).rejects.toThrow(/\S/);
      await waitFor(() => fixture.openResources() === before, 5000, 'nothing left open after the failure');
      await failing.close?.();
    });

    it('behind the cache: a repeated text is served from the cache with the same audio', async () => {
      let calls = 0;
      const counting: TtsEngine = {
        name: fixture.engine.name,
        outputFormat: fixture.engine.outputFormat,
        synthesize: (request) => {
          calls += 1;
          return fixture.engine.synthesize(request);
        },
      };
      const cached = withTtsCache(counting, 2);
      const first = concat(await collect(cached.synthesize({ text: fixture.text })));
      const second = concat(await collect(cached.synthesize({ text: fixture.text })));
      expect(calls).toBe(1);
      expect(second.equals(first)).toBe(true);

      // An aborted synthesis is not cached.
      const controller = new AbortController();
      for await (const _chunk of cached.synthesize({ text: fixture.longText, signal: controller.signal })) controller.abort();
      expect(cached.cachedEntries).toBe(1);
      await collect(cached.synthesize({ text: fixture.longText }));
      expect(calls).toBe(3);
    });
  });
}
