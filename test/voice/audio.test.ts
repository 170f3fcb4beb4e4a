/** Audio conversion for voice channels: μ-law and L16, streaming resampling, 20 ms framing. */
import { describe, expect, it } from 'vitest';
import { bytesForMs, createAudioConverter, decodeL16, durationMs, encodeL16 } from '../../src/channels/voice/audio/audio-converter.ts';
import { AudioFramer } from '../../src/channels/voice/audio/audio-framer.ts';
import { openResamplers } from '../../src/channels/voice/audio/speex-resampler.ts';
import type { AudioFormat } from '../../src/ports/speech.ts';

const l16 = (sampleRate: AudioFormat['sampleRate']): AudioFormat => ({ encoding: 'l16', sampleRate });
const MULAW: AudioFormat = { encoding: 'mulaw', sampleRate: 8000 };

function sine(rate: number, hz: number, seconds: number, amplitude = 8000): Int16Array {
  return Int16Array.from({ length: Math.round(rate * seconds) }, (_, i) => Math.round(amplitude * Math.sin((2 * Math.PI * hz * i) / rate)));
}

/** Frequency from zero crossings, and RMS level, of the middle of a signal (the filters' edges left out). */
function measure(samples: Int16Array, rate: number): { hz: number; rms: number } {
  const middle = samples.subarray(Math.floor(samples.length * 0.2), Math.floor(samples.length * 0.8));
  let crossings = 0;
  let sum = 0;
  for (let i = 1; i < middle.length; i++) {
    if (middle[i - 1]! < 0 !== middle[i]! < 0) crossings++;
    sum += middle[i]! ** 2;
  }
  return { hz: (crossings / 2) * (rate / middle.length), rms: Math.sqrt(sum / middle.length) };
}

/** Converts in 20 ms chunks, as calls do. */
async function convertChunked(from: AudioFormat, to: AudioFormat, bytes: Uint8Array): Promise<Uint8Array> {
  const converter = await createAudioConverter(from, to);
  const chunk = bytesForMs(from, 20);
  const parts: Uint8Array[] = [];
  for (let offset = 0; offset < bytes.length; offset += chunk) parts.push(converter.convert(bytes.subarray(offset, offset + chunk)));
  converter.close();
  return Buffer.concat(parts);
}

describe('audio conversion', () => {
  it('reads and writes L16 little-endian at any byte offset', () => {
    const samples = Int16Array.from([0, 1, -1, 32767, -32768, 1000]);
    const bytes = encodeL16(samples);
    expect([...bytes.subarray(10)]).toEqual([0xe8, 0x03]);
    const shifted = new Uint8Array(bytes.length + 1);
    shifted.set(bytes, 1);
    expect(decodeL16(shifted.subarray(1))).toEqual(samples);
  });

  it.each([
    [l16(48000), l16(16000)],
    [l16(16000), l16(48000)],
    [l16(24000), l16(8000)],
    [l16(16000), MULAW],
    [MULAW, l16(16000)],
    [MULAW, l16(48000)],
  ])('%o → %o keeps a 440 Hz tone and its level, chunk by chunk', async (from, to) => {
    const tone = sine(from.sampleRate, 440, 1);
    const input = from.encoding === 'mulaw' ? await convertChunked(l16(8000), MULAW, encodeL16(tone)) : encodeL16(tone);
    const output = await convertChunked(from, to, input);
    const samples = to.encoding === 'mulaw' ? decodeL16(await convertChunked(MULAW, l16(8000), output)) : decodeL16(output);
    // Shorter only by the resampling filter's delay (its leading zeros are skipped).
    expect(Math.abs(durationMs(to, output.length) - 1000)).toBeLessThan(10);
    const { hz, rms } = measure(samples, to.sampleRate);
    expect(Math.abs(hz - 440)).toBeLessThan(3);
    expect(Math.abs(rms - 8000 / Math.SQRT2) / (8000 / Math.SQRT2)).toBeLessThan(0.03);
  });

  it('carries a sample split between chunks over to the next chunk', async () => {
    const bytes = encodeL16(sine(16000, 440, 0.1));
    const split = await createAudioConverter(l16(16000), MULAW);
    const halves = Buffer.concat([split.convert(bytes.subarray(0, 101)), split.convert(bytes.subarray(101))]);
    split.close();
    const whole = await createAudioConverter(l16(16000), MULAW);
    expect(halves).toEqual(Buffer.from(whole.convert(bytes)));
    whole.close();
  });

  it('passes audio through unchanged when the formats match, and releases every resampler it opened', async () => {
    const before = openResamplers();
    const same = await createAudioConverter(l16(16000), l16(16000));
    const chunk = new Uint8Array([1, 2, 3, 4]);
    expect(same.convert(chunk)).toBe(chunk);
    const resampling = await createAudioConverter(l16(48000), l16(16000));
    expect(openResamplers()).toBe(before + 1);
    resampling.close();
    resampling.close();
    expect(openResamplers()).toBe(before);
  });
});

describe('20 ms framing', () => {
  it('cuts any chunking into whole frames and keeps the rest', () => {
    const framer = new AudioFramer(bytesForMs(MULAW, 20));
    expect(bytesForMs(MULAW, 20)).toBe(160);
    expect(bytesForMs(l16(48000), 20)).toBe(1920);
    const frames = [...framer.push(new Uint8Array(100)), ...framer.push(new Uint8Array(300)), ...framer.push(new Uint8Array(30))];
    expect(frames.map((f) => f.length)).toEqual([160, 160]);
    expect(framer.flush()?.length).toBe(110);
    expect(framer.flush()).toBeUndefined();
  });
});
