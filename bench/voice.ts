/**
 * Voice over browser_audio on a real server (createServer + composeRuntime as `colloquy run` wires
 * them, memory stores), in one process, beside a bare `ws` echo round trip measured in the same run.
 * `--tts` picks the speech engine, and with it what is measured:
 *
 *   npx tsx bench/voice.ts [turns=200] [calls=50] [seconds=10]     (--tts tone, the default)
 *   npx tsx bench/voice.ts --tts flite
 *
 * tone: colloquy's own overhead on the starter assistant. The TTS is an instant tone engine and the
 * ASR is scripted, so this measures colloquy (resampling, framing, markers, the turn), not an engine:
 *  1. final transcript → first bot audio frame on the client socket, p50/p99, and CPU per turn;
 *  2. `calls` concurrent calls streaming 48 kHz audio in real time, each asking something every 2 s:
 *     does the server keep up (no backlog of audio, event-loop delay, answer latency under load)?
 * flite: examples/voice with the real flite TTS, uncached (`cache_size: 0`) and cached. Measures
 * final transcript → first bot audio byte on the client clock (a loud frame, which the ASR "hears" as
 * the caller's question, sent → first `{audio}` frame), p50/p99.
 *
 * BENCH_LOG=<pino level> (default warn) sets the server's log level; the log goes to stderr.
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { pino } from 'pino';
import WebSocket from 'ws';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import { speechEnginesOf } from '../src/cli/speech-engines.ts';
import type { AsrEngine, AsrStream, AsrStreamOptions, TtsEngine } from '../src/ports/speech.ts';
import { createServer } from '../src/server/create-server.ts';
import { echoBaseline, percentile } from './ws-echo.ts';

const QUESTION = 'what is my balance';
const LOUD_FRAME_BYTES = 640; // 20 ms at 16 kHz
const FLITE_SAMPLES = 40;
const logger = pino({ level: process.env.BENCH_LOG ?? 'warn' }, pino.destination(2));

interface BenchStream {
  readonly options: AsrStreamOptions;
  bytes: number;
}

/** Counts the audio of each stream; the bench says what it heard (`options.onEvent`), or it hears QUESTION in a frame whose first sample is loud. */
class BenchAsr implements AsrEngine {
  readonly name = 'bench';
  readonly inputFormat = { encoding: 'l16', sampleRate: 16000 } as const;
  readonly streams = new Map<string, BenchStream>();
  #next = 0;
  async open(options: AsrStreamOptions): Promise<AsrStream> {
    const entry = { options, bytes: 0 };
    const id = String(this.#next++);
    this.streams.set(id, entry);
    return {
      send: (audio) => {
        entry.bytes += audio.length;
        if (audio[1] === 0x7f) options.onEvent({ type: 'final', text: QUESTION });
      },
      close: async () => void this.streams.delete(id),
    };
  }
}

/** 600 ms of a tone in six chunks, as fast as asked. */
const toneTts: TtsEngine = {
  name: 'tone',
  outputFormat: { encoding: 'l16', sampleRate: 16000 },
  async *synthesize() {
    for (let i = 0; i < 6; i++) yield new Uint8Array(new Int16Array(1600).fill(1000).buffer);
  },
};

type VoiceServer = Awaited<ReturnType<typeof startVoiceServer>>;

/** `channel` is browser_audio's credentials; a `tts` other than the tone comes from the engine registry. */
async function startVoiceServer(project: string, channel: Readonly<Record<string, unknown>>, maxCalls: number) {
  const runtime = await composeRuntime({ project }, { logger, stores: 'memory' });
  const asr = new BenchAsr();
  const engines = speechEnginesOf(() => runtime.current());
  const server = await createServer({
    runtime: runtime.processor,
    model: runtime.current(),
    host: '127.0.0.1',
    port: 0,
    logger,
    channels: [{ name: 'browser_audio', options: { ...channel, asr: { name: asr.name } } }],
    speech: { asr: () => asr, tts: (config) => (config.name === toneTts.name ? toneTts : engines.tts(config)) },
    // The client echoes markers at once, so a fast bot's echoes plus the next question go over the
    // 200 frames/s a real caller (who echoes after playback) never reaches; dropping the question
    // would measure the silence timeout instead.
    voiceLimits: { maxCalls, maxFramesPerSecond: 100_000 },
  });
  const url = (await server.listen()).replace(/^http/, 'ws');
  return { url, asr, close: async () => (await server.close(), await runtime.close()) };
}

/** A call whose markers are echoed at once (playback is instant), so the bot never "speaks" over the next question; with the ASR stream it opened. */
async function openCall(voice: VoiceServer, query = '') {
  const before = new Set(voice.asr.streams.keys());
  const socket = new WebSocket(`${voice.url}/webhooks/browser_audio/websocket${query}`);
  let waiting: ((at: number) => void) | undefined;
  let endMarkers = 0;
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { audio?: string; marker?: string; latency?: unknown };
    if (frame.marker !== undefined) socket.send(JSON.stringify({ marker: frame.marker }));
    if (frame.latency !== undefined) endMarkers++;
    if (frame.audio !== undefined && waiting) {
      waiting(performance.now());
      waiting = undefined;
    }
  });
  await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
  let stream: BenchStream | undefined;
  while (!(stream = [...voice.asr.streams.entries()].find(([id]) => !before.has(id))?.[1])) await new Promise((resolve) => setTimeout(resolve, 5));
  return {
    socket,
    stream,
    /** When the next bot audio frame arrives (performance.now()). */
    nextAudio: () => new Promise<number>((resolve) => (waiting = resolve)),
    /** Bot utterances played to their end. */
    endMarkers: () => endMarkers,
  };
}

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;

async function tone(turns: number, callCount: number, seconds: number): Promise<void> {
  const voice = await startVoiceServer(fileURLToPath(new URL('../examples/starter/', import.meta.url)), { tts: { name: toneTts.name }, silence_timeout: 1000 }, callCount + 10);

  // 1. Latency of one call, nothing else running.
  const baseline = await echoBaseline(turns);
  const call = await openCall(voice);
  await new Promise((resolve) => setTimeout(resolve, 200));
  const firstAudio: number[] = [];
  const cpuBefore = process.cpuUsage();
  for (let i = 0; i < turns; i++) {
    const audio = call.nextAudio();
    const start = performance.now();
    call.stream.options.onEvent({ type: 'final', text: QUESTION });
    firstAudio.push((await audio) - start);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  const cpu = process.cpuUsage(cpuBefore);
  call.socket.close();
  // CPU per turn does not depend on how busy the machine is; wall-clock latency does.
  console.log(`final transcript → first bot audio frame (${turns} turns): ${fmt(firstAudio)}; CPU ${((cpu.user + cpu.system) / 1000 / turns).toFixed(2)} ms per turn (client included)`);
  console.log(`bare ws echo round trip, same run:            ${fmt(baseline)}`);

  // 2. Concurrent real-time calls.
  // One after the other: each call finds its ASR stream as the one that opened after it connected.
  const calls: Awaited<ReturnType<typeof openCall>>[] = [];
  for (let i = 0; i < callCount; i++) calls.push(await openCall(voice));
  const frame = JSON.stringify({ audio: Buffer.alloc(1920).toString('base64') });
  const loop = monitorEventLoopDelay({ resolution: 5 });
  loop.enable();
  let sent = 0;
  const underLoad: number[] = [];
  const startAll = performance.now();
  const cpuLoadBefore = process.cpuUsage();
  const tickers = calls.map((c) =>
    setInterval(() => {
      c.socket.send(frame);
      sent++;
    }, 20),
  );
  const askers = calls.map((c, i) =>
    setTimeout(function ask() {
      const start = performance.now();
      void c.nextAudio().then((at) => underLoad.push(at - start));
      c.stream.options.onEvent({ type: 'final', text: QUESTION });
      askers[i] = setTimeout(ask, 2000);
    }, (2000 * i) / callCount),
  );
  await new Promise((resolve) => setTimeout(resolve, seconds * 1000));
  tickers.forEach(clearInterval);
  askers.forEach(clearTimeout);
  const elapsed = (performance.now() - startAll) / 1000;
  const cpuLoad = process.cpuUsage(cpuLoadBefore);
  // CPU per second of call audio actually streamed: how many real-time calls one core could carry.
  const cpuPerCallSecond = (cpuLoad.user + cpuLoad.system) / 1e6 / (sent / 50);
  await new Promise((resolve) => setTimeout(resolve, 500));
  loop.disable();
  const received = calls.reduce((sum, c) => sum + c.stream.bytes, 0);
  // Each 1920-byte 48 kHz frame is 640 bytes for the 16 kHz ASR.
  const backlog = 1 - received / (sent * 640);
  console.log(
    `${callCount} calls × ${elapsed.toFixed(1)} s real-time audio: ${sent} frames sent (${(sent / elapsed / callCount).toFixed(1)} per call per s, 50 is real time), ` +
      `${(100 * backlog).toFixed(2)}% not yet at the ASR after 0.5 s; event-loop delay p99 ${(loop.percentile(99) / 1e6).toFixed(1)} ms; ` +
      `answers under load (${underLoad.length}): ${fmt(underLoad)}; CPU ${(1000 * cpuPerCallSecond).toFixed(1)} ms per call-second of audio (≈ ${Math.floor(1 / cpuPerCallSecond)} real-time calls per core, client included)`,
  );
  calls.forEach((c) => c.socket.close());
  await voice.close();
}

async function until(check: () => boolean, timeoutMs = 30_000): Promise<void> {
  const deadline = performance.now() + timeoutMs;
  while (!check()) {
    if (performance.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 1));
  }
}

const loudFrame = JSON.stringify({ audio: Buffer.alloc(LOUD_FRAME_BYTES, 0x7f).toString('base64') });

async function fliteTranscriptToAudio(cacheSize: number): Promise<number[]> {
  const project = fileURLToPath(new URL('../examples/voice/', import.meta.url));
  const voice = await startVoiceServer(project, { server_url: 'localhost', sample_rate: 16000, tts: { name: 'flite', cache_size: cacheSize } }, 1000);
  const call = await openCall(voice, `?conversation_id=latency-${cacheSize}`);
  await until(() => call.endMarkers() >= 1); // the greeting
  const samples: number[] = [];
  for (let i = 0; i < FLITE_SAMPLES + 3; i++) {
    const before = call.endMarkers();
    const audio = call.nextAudio();
    const sentAt = performance.now();
    call.socket.send(loudFrame);
    const at = await audio;
    if (i >= 3) samples.push(at - sentAt);
    await until(() => call.endMarkers() >= before + 2); // the answer and "anything else?"
  }
  call.socket.close();
  await voice.close();
  return samples;
}

async function flite(): Promise<void> {
  const echo = await echoBaseline(FLITE_SAMPLES, loudFrame);
  const uncached = await fliteTranscriptToAudio(0);
  const cached = await fliteTranscriptToAudio(1000);
  const ms = (v: number) => `${v.toFixed(1)} ms`;
  const row = (values: number[]) => `p50 ${ms(percentile(values, 50))}  p99 ${ms(percentile(values, 99))}`;
  console.log(`final transcript → first bot audio byte, ${FLITE_SAMPLES} samples each (target p50 < 50 ms with the offline TTS)`);
  console.log(`  bare ws echo            ${row(echo)}`);
  console.log(`  colloquy, flite         ${row(uncached)}`);
  console.log(`  colloquy, flite cached  ${row(cached)}`);
}

const { values, positionals } = parseArgs({ options: { tts: { type: 'string', default: 'tone' } }, allowPositionals: true });
if (values.tts === 'flite') await flite();
else if (values.tts === 'tone') {
  const [turns = 200, callCount = 50, seconds = 10] = positionals.map(Number);
  await tone(turns, callCount, seconds);
} else throw new Error(`--tts ${values.tts}: choose tone or flite`);
