/**
 * One real spoken conversation, end to end, with the offline engines over the browser path:
 * flite speaks the caller's lines, the audio streams in real time (20 ms frames at 48 kHz) to
 * `WS /webhooks/browser_audio/websocket`, pocketsphinx transcribes with the assistant's domain
 * language model, examples/voice answers in flite audio, and the caller's "phone" plays it back in
 * real time, echoing each marker when playback reaches it. Assertions are on keywords: recognition
 * is not exact.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, beforeAll, expect, it } from 'vitest';
import WebSocket from 'ws';
import { FliteTts } from '../../src/adapters/speech/offline/flite-tts.ts';
import { createAudioConverter, durationMs } from '../../src/channels/voice/audio/audio-converter.ts';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import { speechEnginesOf } from '../../src/cli/speech-engines.ts';
import type { ConversationState } from '../../src/core/state.ts';
import type { AudioFormat } from '../../src/ports/speech.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';

const PROJECT = fileURLToPath(new URL('../../examples/voice/', import.meta.url));
const CALLER: AudioFormat = { encoding: 'l16', sampleRate: 48000 };
const FRAME_BYTES = 1920; // 20 ms at 48 kHz
const FRAME_MS = 20;

/** A caller on the browser path: a microphone streaming in real time and a speaker playing bot audio in real time. */
class Phone {
  readonly events: { at: number; frame: Record<string, unknown> }[] = [];
  /** Bot audio queued for playback, in ms of audio, and the wall time its playback ends. */
  #playbackEndsAt = 0;
  #pendingMarkers: { name: string; at: number }[] = [];
  #speech: Uint8Array[] = [];
  readonly #mic: NodeJS.Timeout;
  readonly #speaker: NodeJS.Timeout;

  constructor(private readonly socket: WebSocket) {
    socket.on('message', (data: Buffer) => this.#receive(JSON.parse(data.toString()) as Record<string, unknown>));
    // The microphone never stops: silence between lines, as a real one. Frames are paced by the
    // wall clock, so a late timer sends what is due instead of drifting.
    const start = performance.now();
    let sent = 0;
    this.#mic = setInterval(() => {
      const due = Math.floor((performance.now() - start) / FRAME_MS);
      for (; sent < due; sent++) this.#send({ audio: Buffer.from(this.#speech.shift() ?? new Uint8Array(FRAME_BYTES)).toString('base64') });
    }, FRAME_MS);
    this.#speaker = setInterval(() => this.#echoPlayed(), 10);
  }

  /** Speaks `audio` (48 kHz L16) into the microphone from the next frame on; resolves when it has all been sent. */
  async say(audio: Uint8Array): Promise<void> {
    for (let i = 0; i < audio.length; i += FRAME_BYTES) {
      const frame = new Uint8Array(FRAME_BYTES);
      frame.set(audio.subarray(i, i + FRAME_BYTES));
      this.#speech.push(frame);
    }
    await until(() => this.#speech.length === 0, 60_000);
  }

  get speaking(): boolean {
    return performance.now() < this.#playbackEndsAt;
  }

  framesSince(index: number): Record<string, unknown>[] {
    return this.events.slice(index).map((e) => e.frame);
  }

  hangUp(): void {
    clearInterval(this.#mic);
    clearInterval(this.#speaker);
    this.socket.close();
  }

  #receive(frame: Record<string, unknown>): void {
    const now = performance.now();
    this.events.push({ at: now, frame });
    if (typeof frame.audio === 'string') {
      const ms = durationMs(CALLER, Buffer.from(frame.audio, 'base64').length);
      this.#playbackEndsAt = Math.max(now, this.#playbackEndsAt) + ms;
    } else if (typeof frame.marker === 'string') {
      this.#pendingMarkers.push({ name: frame.marker, at: Math.max(now, this.#playbackEndsAt) });
    } else if (frame.interruptPlayback === true) {
      // As the inspector does: queued audio is dropped and its markers count as played.
      this.#playbackEndsAt = now;
      for (const marker of this.#pendingMarkers.splice(0)) this.#send({ marker: marker.name });
    }
  }

  #echoPlayed(): void {
    const now = performance.now();
    while (this.#pendingMarkers.length > 0 && this.#pendingMarkers[0]!.at <= now) this.#send({ marker: this.#pendingMarkers.shift()!.name });
  }

  #send(frame: unknown): void {
    if (this.socket.readyState === WebSocket.OPEN) this.socket.send(JSON.stringify(frame));
  }
}

async function until<T>(check: () => T | undefined | false | Promise<T | undefined | false>, timeoutMs: number): Promise<T> {
  const deadline = performance.now() + timeoutMs;
  for (;;) {
    const value = await check();
    if (value !== undefined && value !== false) return value;
    if (performance.now() > deadline) throw new Error(`condition not met within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** flite's voice for a line, upsampled to what a browser microphone sends. */
async function spoken(text: string): Promise<Uint8Array> {
  const flite = new FliteTts();
  const chunks: Uint8Array[] = [];
  for await (const chunk of flite.synthesize({ text })) chunks.push(chunk);
  const converter = await createAudioConverter(flite.outputFormat, CALLER);
  const audio = converter.convert(Buffer.concat(chunks));
  converter.close();
  return audio;
}

let runtime: ComposedRuntime;
let server: ColloquyServer;
let url: string;

beforeAll(async () => {
  const logger = pino({ level: process.env['VOICE_TEST_LOG'] ?? 'silent' });
  runtime = await composeRuntime({ project: PROJECT }, { logger, stores: 'memory' });
  server = await createServer({ runtime: runtime.processor, model: runtime.current(), host: '127.0.0.1', port: 0, logger, speech: speechEnginesOf(() => runtime.current()) });
  url = await server.listen();
}, 60_000);

afterAll(async () => {
  await server?.close();
  await runtime?.close();
});

const texts = (state: ConversationState | undefined, kind: 'user' | 'bot') => (state?.events ?? []).flatMap((e) => (e.event === kind && e.text ? [e.text] : []));

it('a caller barges into the greeting, asks for a person, then checks the balance, all spoken', async () => {
  const [human, balance] = await Promise.all([spoken('can I speak to a human agent'), spoken('what is my balance')]);
  const conversation = `spoken-${Date.now()}`;
  const socket = new WebSocket(`${url.replace(/^http/, 'ws')}/webhooks/browser_audio/websocket?conversation_id=${conversation}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const phone = new Phone(socket);
  try {
    // The bank greets first; the caller talks over it as soon as it starts playing.
    await until(() => phone.speaking, 30_000);
    const greetingStarted = phone.events.length;
    await phone.say(human);
    const saidAt = performance.now();
    const cut = await until(() => phone.events.slice(greetingStarted).find((e) => e.frame.interruptPlayback === true), 30_000);
    // Playback stops within a second of the caller's last word (pocketsphinx needs about three words).
    expect(cut.at - saidAt).toBeLessThan(1000);
    const afterCut = phone.events.length;
    await until(() => phone.framesSince(afterCut).some((f) => f.latency !== undefined), 60_000);
    const state = await runtime.processor.getState(conversation);
    expect(texts(state, 'user').join(' | ')).toMatch(/human|agent|speak/);
    expect(texts(state, 'bot').join(' | ')).toMatch(/connect you to a person/);

    // After the answer has played, a plain question: transcribed, answered in audio, with latencies.
    await until(() => !phone.speaking && phone.events.at(-1)?.frame.latency !== undefined, 60_000);
    const usersBefore = texts(state, 'user').length;
    const asked = phone.events.length;
    await phone.say(balance);
    const answered = await until(async () => {
      const now = await runtime.processor.getState(conversation);
      const bot = now?.events.findLast((e) => e.event === 'bot');
      return texts(now, 'user').length > usersBefore && bot?.event === 'bot' && bot.metadata?.latency !== undefined && now;
    }, 60_000);
    expect(texts(answered, 'user').at(-1)).toMatch(/balance/);
    expect(texts(answered, 'bot').slice(-2).join(' | ')).toMatch(/Your balance is 1000 dollars/);
    const bot = answered.events.findLast((e) => e.event === 'bot' && e.text?.includes('balance'));
    expect(bot?.event === 'bot' && bot.metadata?.latency).toMatchObject({ asr_latency_ms: expect.any(Number), processing_latency_ms: expect.any(Number), tts_first_byte_latency_ms: expect.any(Number) });
    expect(phone.framesSince(asked).some((f) => typeof f.audio === 'string')).toBe(true);
    expect(phone.framesSince(asked).some((f) => f.latency !== undefined)).toBe(true);
  } finally {
    phone.hangUp();
  }
}, 180_000);
