/**
 * Voice with the offline TTS (`npx tsx bench/voice-flite.ts`): examples/voice served as `colloquy run`
 * serves it (createServer + composeRuntime, memory stores) on browser_audio, with the real flite TTS
 * and an ASR that "hears" the caller's question the moment a loud frame arrives. Measures **final
 * transcript → first bot audio byte** on the socket (client clock: loud frame sent → first `{audio}`
 * frame), flite uncached (`cache_size: 0`) and cached, p50/p99, beside a bare `ws` echo server in the
 * same process. `bench/voice.ts` measures colloquy's own overhead and concurrent calls with a tone TTS.
 */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import WebSocket from 'ws';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { speechEnginesOf } from '../src/cli/speech-engines.ts';
import type { AsrEngine, AsrStream, AsrStreamOptions, AudioFormat } from '../src/ports/speech.ts';
import { createServer } from '../src/server/create-server.ts';
import { echoBaseline, percentile } from './ws-echo.ts';

const PROJECT = fileURLToPath(new URL('../examples/voice/', import.meta.url));
const FORMAT: AudioFormat = { encoding: 'l16', sampleRate: 16000 };
const FRAME_BYTES = 640; // 20 ms at 16 kHz
const QUESTION = 'what is my balance';
const LATENCY_SAMPLES = 40;

/** Hears QUESTION when a frame's first sample is loud; counts the audio it is given. */
class TriggeredAsr implements AsrEngine {
  readonly name = 'triggered';
  readonly inputFormat = FORMAT;
  framesReceived = 0;
  async open(options: AsrStreamOptions): Promise<AsrStream> {
    return {
      send: (audio) => {
        this.framesReceived += audio.length / FRAME_BYTES;
        if (audio[1] === 0x7f) options.onEvent({ type: 'final', text: QUESTION });
      },
      close: async () => undefined,
    };
  }
}

const loud = Buffer.alloc(FRAME_BYTES, 0x7f);
const frame = (audio: Buffer) => JSON.stringify({ audio: audio.toString('base64') });

async function startVoiceServer(ttsCacheSize: number) {
  const logger = pino({ level: process.env.BENCH_LOG ?? 'silent' }, pino.destination(2));
  const runtime = await composeRuntime({ project: PROJECT }, { logger, stores: 'memory' });
  const asr = new TriggeredAsr();
  const engines = speechEnginesOf(() => runtime.current());
  const server = await createServer({
    runtime: runtime.processor,
    model: runtime.current(),
    host: '127.0.0.1',
    port: 0,
    logger,
    channels: [{ name: 'browser_audio', options: { server_url: 'localhost', sample_rate: 16000, asr: { name: 'triggered' }, tts: { name: 'flite', cache_size: ttsCacheSize } } }],
    speech: { asr: () => asr, tts: (config) => engines.tts(config) },
    voiceLimits: { maxCalls: 1000 },
  });
  const url = (await server.listen()).replace(/^http/, 'ws');
  return { url, asr, close: async () => (await server.close(), await runtime.close()) };
}

/** A call whose markers are echoed at once (playback is instant), so the bot never "speaks" over the next question. */
async function openCall(url: string, id: string) {
  const socket = new WebSocket(`${url}/webhooks/browser_audio/websocket?conversation_id=${id}`);
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  const call = { socket, firstAudioAt: [] as number[], endMarkers: 0 };
  socket.on('message', (data: Buffer) => {
    const f = JSON.parse(data.toString()) as { audio?: string; marker?: string; latency?: unknown };
    if (f.audio !== undefined) call.firstAudioAt.push(performance.now());
    if (f.marker !== undefined) socket.send(JSON.stringify({ marker: f.marker }));
    if (f.latency !== undefined) call.endMarkers++;
  });
  return call;
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const ms = (v: number) => `${v.toFixed(1)} ms`;

async function transcriptToAudio(ttsCacheSize: number): Promise<number[]> {
  const voice = await startVoiceServer(ttsCacheSize);
  const call = await openCall(voice.url, `latency-${ttsCacheSize}`);
  await until(() => call.endMarkers >= 1); // the greeting
  const samples: number[] = [];
  for (let i = 0; i < LATENCY_SAMPLES + 3; i++) {
    const before = call.endMarkers;
    const audioBefore = call.firstAudioAt.length;
    const sentAt = performance.now();
    call.socket.send(frame(loud));
    await until(() => call.firstAudioAt.length > audioBefore);
    if (i >= 3) samples.push(call.firstAudioAt[audioBefore]! - sentAt);
    await until(() => call.endMarkers >= before + 2); // the answer and "anything else?"
  }
  call.socket.close();
  await voice.close();
  return samples;
}

async function main(): Promise<void> {
  const echo = await echoBaseline(LATENCY_SAMPLES, frame(loud));
  const uncached = await transcriptToAudio(0);
  const cached = await transcriptToAudio(1000);
  console.log(`final transcript → first bot audio byte, ${LATENCY_SAMPLES} samples each (target p50 < 50 ms with the offline TTS)`);
  console.log(`  bare ws echo            p50 ${ms(percentile(echo, 50))}  p99 ${ms(percentile(echo, 99))}`);
  console.log(`  colloquy, flite         p50 ${ms(percentile(uncached, 50))}  p99 ${ms(percentile(uncached, 99))}`);
  console.log(`  colloquy, flite cached  p50 ${ms(percentile(cached, 50))}  p99 ${ms(percentile(cached, 99))}`);
}

await main();
