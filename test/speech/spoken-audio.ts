/**
 * Speech for ASR tests: flite speaks a phrase (16 kHz L16), followed by silence long enough for a
 * voice activity detector to end the utterance.
 * @module
 */
import { FliteTts } from '../../src/adapters/speech/offline/flite-tts.ts';

const flite = new FliteTts();

export async function spoken(text: string, trailingSilenceMs = 1200): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of flite.synthesize({ text })) chunks.push(chunk);
  // Low-level noise rather than digital zeros: a real line is never perfectly silent.
  const silence = new Int16Array((16000 * trailingSilenceMs) / 1000).map((_, i) => ((i * 7919) % 61) - 30);
  return Buffer.concat([...chunks, new Uint8Array(silence.buffer)]);
}
