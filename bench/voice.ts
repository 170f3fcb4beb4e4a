/**
 * Voice stack overhead over browser_audio (real server, starter assistant, memory stores), in one
 * process on one core:
 *  1. final transcript → first bot audio frame on the client socket, p50/p99, beside a bare `ws`
 *     echo round trip measured in the same run;
 *  2. 50 concurrent calls streaming 48 kHz audio in real time, each asking something every 2 s:
 *     does the server keep up (no backlog of audio, event-loop delay, answer latency under load)?
 * The TTS is an instant tone engine and the ASR is scripted, so this measures colloquy (resampling,
 * framing, markers, the turn), not an engine.
 *
 *   npx tsx bench/voice.ts [turns=200] [calls=50] [seconds=10]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import WebSocket from 'ws';
import { composeRuntime } from '../src/cli/compose-runtime.ts';
import type { AsrEngine, AsrStream, AsrStreamOptions, TtsEngine } from '../src/ports/speech.ts';
import { createServer } from '../src/server/create-server.ts';
import { echoBaseline, percentile } from './ws-echo.ts';

const [turns = 200, callCount = 50, seconds = 10] = process.argv.slice(2).map(Number);
const STARTER = fileURLToPath(new URL('../examples/starter/', import.meta.url));

class BenchAsr implements AsrEngine {
  readonly name = 'bench';
  readonly inputFormat = { encoding: 'l16', sampleRate: 16000 } as const;
  readonly streams = new Map<string, { options: AsrStreamOptions; bytes: number }>();
  #next = 0;
  async open(options: AsrStreamOptions): Promise<AsrStream> {
    const entry = { options, bytes: 0 };
    const id = String(this.#next++);
    this.streams.set(id, entry);
    return { send: (audio) => void (entry.bytes += audio.length), close: async () => void this.streams.delete(id) };
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

const fmt = (values: number[]) => `p50 ${percentile(values, 50).toFixed(2)} ms, p99 ${percentile(values, 99).toFixed(2)} ms`;

interface Call {
  readonly socket: WebSocket;
  /** Resolves on the next bot audio frame. */
  nextAudio(): Promise<void>;
}

async function openCall(url: string, asr: BenchAsr): Promise<{ call: Call; stream: { options: AsrStreamOptions; bytes: number } }> {
  const before = new Set(asr.streams.keys());
  const socket = new WebSocket(`${url.replace('http', 'ws')}/webhooks/browser_audio/websocket`);
  let waiting: (() => void) | undefined;
  socket.on('message', (data: Buffer) => {
    const frame = JSON.parse(data.toString()) as { audio?: string; marker?: string };
    if (frame.marker !== undefined) socket.send(JSON.stringify({ marker: frame.marker }));
    if (frame.audio !== undefined && waiting) {
      waiting();
      waiting = undefined;
    }
  });
  await new Promise((resolve) => socket.once('open', resolve));
  let stream;
  while (!(stream = [...asr.streams.entries()].find(([id]) => !before.has(id))?.[1])) await new Promise((resolve) => setTimeout(resolve, 5));
  return { call: { socket, nextAudio: () => new Promise<void>((resolve) => (waiting = resolve)) }, stream };
}

const logger = pino({ level: 'warn' });
const runtime = await composeRuntime({ project: STARTER }, { logger, stores: 'memory' });
const asr = new BenchAsr();
const server = await createServer({
  runtime: runtime.processor,
  model: runtime.current(),
  host: '127.0.0.1',
  port: 0,
  logger,
  channels: [{ name: 'browser_audio', options: { asr: { name: 'bench' }, tts: { name: 'tone' }, silence_timeout: 1000 } }],
  speech: { asr: () => asr, tts: () => toneTts },
  voiceLimits: { maxCalls: callCount + 10 },
});
const url = await server.listen();

// 1. Latency of one call, nothing else running.
const baseline = await echoBaseline(turns);
const { call, stream } = await openCall(url, asr);
await new Promise((resolve) => setTimeout(resolve, 200));
const firstAudio: number[] = [];
const cpuBefore = process.cpuUsage();
for (let i = 0; i < turns; i++) {
  const audio = call.nextAudio();
  const start = performance.now();
  stream.options.onEvent({ type: 'final', text: 'what is my balance' });
  await audio;
  firstAudio.push(performance.now() - start);
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
for (let i = 0; i < callCount; i++) calls.push(await openCall(url, asr));
const frame = JSON.stringify({ audio: Buffer.alloc(1920).toString('base64') });
const loop = monitorEventLoopDelay({ resolution: 5 });
loop.enable();
let sent = 0;
const underLoad: number[] = [];
const startAll = performance.now();
const cpuLoadBefore = process.cpuUsage();
const tickers = calls.map(({ call: c }) =>
  setInterval(() => {
    c.socket.send(frame);
    sent++;
  }, 20),
);
const askers = calls.map(({ call: c, stream: s }, i) =>
  setTimeout(function ask() {
    const start = performance.now();
    void c.nextAudio().then(() => underLoad.push(performance.now() - start));
    s.options.onEvent({ type: 'final', text: 'what is my balance' });
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
calls.forEach(({ call: c }) => c.socket.close());
await server.close();
await runtime.close();
