/**
 * Converts streamed audio between the formats voice channels and speech engines use: 8 kHz μ-law
 * and L16 (16-bit little-endian PCM) at 8/16/24/48 kHz.
 * @module
 */
import alawmulaw from 'alawmulaw';
import type { AudioFormat } from '../../../ports/speech.ts';
import { StreamResampler } from './speex-resampler.ts';

export function bytesPerSample(format: AudioFormat): number {
  return format.encoding === 'mulaw' ? 1 : 2;
}

/** Bytes of `ms` milliseconds of audio. */
export function bytesForMs(format: AudioFormat, ms: number): number {
  return Math.round((format.sampleRate * ms) / 1000) * bytesPerSample(format);
}

export function durationMs(format: AudioFormat, bytes: number): number {
  return (bytes / bytesPerSample(format) / format.sampleRate) * 1000;
}

export function sameFormat(a: AudioFormat, b: AudioFormat): boolean {
  return a.encoding === b.encoding && a.sampleRate === b.sampleRate;
}

/** Samples of L16 bytes (an odd trailing byte is dropped; the input may sit at any offset). */
export function decodeL16(bytes: Uint8Array): Int16Array {
  const samples = new Int16Array(bytes.length >> 1);
  const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
  for (let i = 0; i < samples.length; i++) samples[i] = view.getInt16(i * 2, true);
  return samples;
}

export function encodeL16(samples: Int16Array): Uint8Array {
  const bytes = new Uint8Array(samples.length * 2);
  const view = new DataView(bytes.buffer);
  for (let i = 0; i < samples.length; i++) view.setInt16(i * 2, samples[i]!, true);
  return bytes;
}

function decode(format: AudioFormat, bytes: Uint8Array): Int16Array {
  return format.encoding === 'mulaw' ? alawmulaw.mulaw.decode(bytes) : decodeL16(bytes);
}

function encode(format: AudioFormat, samples: Int16Array): Uint8Array {
  return format.encoding === 'mulaw' ? alawmulaw.mulaw.encode(samples) : encodeL16(samples);
}

/** One direction of one call: keeps the resampler's state between chunks. Close it when the call ends. */
export interface AudioConverter {
  convert(chunk: Uint8Array): Uint8Array;
  close(): void;
}

export async function createAudioConverter(from: AudioFormat, to: AudioFormat): Promise<AudioConverter> {
  if (sameFormat(from, to)) return { convert: (chunk) => chunk, close: () => undefined };
  const resampler = from.sampleRate === to.sampleRate ? undefined : await StreamResampler.create(from.sampleRate, to.sampleRate);
  let odd: number | undefined;
  return {
    convert(chunk) {
      // L16 chunks may split a sample; keep the odd byte for the next chunk.
      let bytes = chunk;
      if (from.encoding === 'l16') {
        if (odd !== undefined) {
          bytes = new Uint8Array(chunk.length + 1);
          bytes[0] = odd;
          bytes.set(chunk, 1);
          odd = undefined;
        }
        if (bytes.length % 2 === 1) odd = bytes[bytes.length - 1];
      }
      const samples = decode(from, bytes);
      return encode(to, resampler ? resampler.process(samples) : samples);
    },
    close: () => resampler?.close(),
  };
}
