/**
 * Offline TTS: Debian's `flite` binary, voice `rms` (16 kHz; the voice pocketsphinx reads best,
 * 4 % WER measured). flite writes its WAV to a file (it cannot write one to a pipe or socket), and
 * only once it has synthesised all of its input, so the text is spoken sentence by sentence, one
 * short-lived process each (about 50 ms per sentence): the first sentence's audio streams while the
 * rest is still to come, and an abort kills the running process.
 * @module
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { AudioFormat, TtsEngine, TtsRequest } from '../../../ports/speech.ts';

export const FLITE_APT = 'apt-get install -y flite';

export interface FliteOptions {
  /** The flite executable; default `flite` on PATH. */
  readonly binary?: string;
  /** A voice flite knows (`flite -lv`) that speaks at 16 kHz; default `rms`. */
  readonly voice?: string;
}

const FORMAT: AudioFormat = { encoding: 'l16', sampleRate: 16000 };
const WAV_HEADER_BYTES = 44;
/** 100 ms of audio. */
const CHUNK_BYTES = 3200;
/** Bounds what a broken binary could make us buffer. */
const MAX_STDERR_BYTES = 4096;
/** Far below the kernel's limit on one argument (128 KiB). */
const MAX_SENTENCE_CHARS = 8192;

/** Sentences of `text`, each with its closing punctuation; flite pauses naturally at their ends. */
export function sentences(text: string): string[] {
  return (text.match(/[^.!?]+[.!?]*["')\]]*/g) ?? []).map((s) => s.trim()).filter((s) => /[\p{L}\p{N}]/u.test(s));
}

export class FliteTts implements TtsEngine {
  readonly name = 'flite';
  readonly outputFormat = FORMAT;
  private readonly binary: string;
  private readonly voice: string;
  private readonly running = new Set<ChildProcess>();

  constructor(options: FliteOptions = {}) {
    this.binary = options.binary ?? 'flite';
    this.voice = options.voice ?? 'rms';
  }

  /** flite processes running now. */
  get runningProcesses(): number {
    return this.running.size;
  }

  async *synthesize(request: TtsRequest): AsyncIterable<Uint8Array> {
    for (const sentence of sentences(request.text)) {
      if (request.signal?.aborted) return;
      yield* this.speak(sentence, request.signal);
    }
  }

  /** One sentence through one flite process, its audio (header stripped) in 100 ms chunks. */
  private async *speak(sentence: string, signal: AbortSignal | undefined): AsyncIterable<Uint8Array> {
    const dir = await mkdtemp(join(tmpdir(), 'colloquy-flite-'));
    const file = join(dir, 'speech.wav');
    try {
      // The sentence is `-t`'s value, so it is never read as an option.
      const child = spawn(this.binary, ['-voice', this.voice, '-o', file, '-t', sentence.slice(0, MAX_SENTENCE_CHARS)], { stdio: ['ignore', 'ignore', 'pipe'] });
      this.running.add(child);
      const kill = () => child.kill('SIGKILL');
      signal?.addEventListener('abort', kill, { once: true });
      let stderr = '';
      child.stderr.on('data', (data: Buffer) => {
        if (stderr.length < MAX_STDERR_BYTES) stderr += data.toString('utf8');
      });
      const { code, error } = await new Promise<{ code: number | null; error?: Error }>((resolve) => {
        child.once('error', (error) => resolve({ code: null, error }));
        child.once('close', (code) => resolve({ code }));
      });
      this.running.delete(child);
      signal?.removeEventListener('abort', kill);
      if (signal?.aborted) return;
      if (error) throw new Error(`flite could not be started (${this.binary}: ${error.message}); install it with: ${FLITE_APT}`);
      if (code !== 0) throw new Error(`flite exited with code ${code}${stderr.trim() ? `: ${stderr.trim().slice(0, 200)}` : ''}`);
      const audio = samplesOf(await readFile(file));
      for (let at = 0; at < audio.length; at += CHUNK_BYTES) {
        if (signal?.aborted) return;
        yield audio.subarray(at, at + CHUNK_BYTES);
      }
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  }
}

/** The samples of flite's WAV; throws unless they are 16 kHz mono 16-bit. */
function samplesOf(wav: Buffer): Uint8Array {
  if (wav.length < WAV_HEADER_BYTES || wav.toString('latin1', 0, 4) !== 'RIFF' || wav.toString('latin1', 36, 40) !== 'data') throw new Error('flite produced no audio');
  const rate = wav.readUInt32LE(24);
  const channels = wav.readUInt16LE(22);
  const bits = wav.readUInt16LE(34);
  if (rate !== FORMAT.sampleRate || bits !== 16 || channels !== 1) {
    throw new Error(`flite's voice does not speak 16 kHz mono 16-bit audio (got ${rate} Hz, ${bits} bit, ${channels} channels); use a 16 kHz voice such as rms or slt`);
  }
  let bytes = Math.min(wav.readUInt32LE(40), wav.length - WAV_HEADER_BYTES);
  bytes -= bytes % 2;
  return new Uint8Array(wav.buffer, wav.byteOffset + WAV_HEADER_BYTES, bytes);
}
