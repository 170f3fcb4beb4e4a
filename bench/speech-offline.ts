/**
 * The offline speech engines on examples/starter: word error rate of pocketsphinx with its stock
 * language model vs the domain model `colloquy train` builds, on phrases flite speaks (the
 * assistant's own phrases, and held-out paraphrases that are not in the project); decoding speed and
 * event-loop delay while decoding (the decoder runs on koffi's worker threads); flite's time to first
 * audio.
 * Run: npx tsx bench/speech-offline.ts [concurrent streams, default 8]
 */
import { monitorEventLoopDelay } from 'node:perf_hooks';
import { setTimeout as sleep } from 'node:timers/promises';
import { createAsrEngine } from '../src/adapters/speech/engine-registry.ts';
import { spokenRuns } from '../src/adapters/speech/offline/domain-language-model.ts';
import { FliteTts } from '../src/adapters/speech/offline/flite-tts.ts';
import type { AsrEngine } from '../src/ports/speech.ts';
import { speechLanguageModelTrainer } from '../src/cli/speech-language-model.ts';
import { loadProject } from '../src/project/index.ts';
import type { DomainLanguageModel } from '../src/adapters/speech/offline/domain-language-model.ts';

/** Phrases of the starter project: NLU examples, e2e user lines, call phrases. */
const IN_PROJECT = [
  'what is my balance',
  'how much money do I have',
  'show me my account balance',
  'I want to send money',
  'send 50 dollars to Bob',
  'transfer 20 to alice',
  'add a new contact',
  'show me my contacts',
  'can I speak to a human agent',
  'yes',
  'no thanks',
];
/** Said the way a caller might, but not written anywhere in the project. */
const HELD_OUT = ['how much do I have in my account', 'please send twenty dollars to alice', 'I would like to add a contact', 'can you show my balance', 'I need to talk to a person'];

const flite = new FliteTts();

async function speak(text: string): Promise<Uint8Array> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of flite.synthesize({ text })) chunks.push(chunk);
  // A little line noise rather than digital zeros, then enough silence to end the utterance.
  const silence = new Int16Array(16000 * 1.2).map((_, i) => ((i * 7919) % 61) - 30);
  return Buffer.concat([...chunks, new Uint8Array(silence.buffer)]);
}

/** Word-level Levenshtein distance. */
function editDistance(a: readonly string[], b: readonly string[]): number {
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    for (let j = 1; j <= b.length; j++) current.push(Math.min(previous[j]! + 1, current[j - 1]! + 1, previous[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1)));
    previous = current;
  }
  return previous[b.length]!;
}

const words = (text: string) => spokenRuns(text).flat();

/** The finals of one utterance fed in 20 ms frames as fast as the decoder takes them. */
async function transcribe(engine: AsrEngine, audio: Uint8Array): Promise<string> {
  const finals: string[] = [];
  let failure: Error | undefined;
  const stream = await engine.open({ onEvent: (e) => e.type === 'final' && finals.push(e.text), onError: (e) => (failure = e) });
  for (let at = 0; at < audio.length; at += 640) stream.send(audio.subarray(at, at + 640));
  const deadline = Date.now() + 60_000;
  while (finals.length === 0 && !failure && Date.now() < deadline) await sleep(20);
  await sleep(100);
  await stream.close();
  if (failure) throw failure;
  return finals.join(' ');
}

interface Score {
  errors: number;
  words: number;
  exact: number;
  phrases: number;
}

async function score(engine: AsrEngine, phrases: readonly string[], audio: ReadonlyMap<string, Uint8Array>, show: boolean): Promise<Score> {
  const result: Score = { errors: 0, words: 0, exact: 0, phrases: phrases.length };
  for (const phrase of phrases) {
    const heard = await transcribe(engine, audio.get(phrase)!);
    const distance = editDistance(words(phrase), words(heard));
    result.errors += distance;
    result.words += words(phrase).length;
    if (distance === 0) result.exact += 1;
    if (show) console.log(`    ${distance === 0 ? '✓' : '✗'} ${phrase} → ${heard}`);
  }
  return result;
}

const wer = (s: Score) => `${((s.errors / s.words) * 100).toFixed(1)}% WER, ${s.exact}/${s.phrases} exact`;

const { assistant } = await loadProject(new URL('../examples/starter/', import.meta.url).pathname);
if (!assistant) throw new Error('examples/starter does not load');
const voiceAssistant = { ...assistant, channels: [{ name: 'browser_audio', options: { asr: { name: 'pocketsphinx' } } }] };
const trainStarted = performance.now();
const domainModel = (await speechLanguageModelTrainer.train(voiceAssistant)) as DomainLanguageModel;
console.log(`domain language model: ${domainModel.words} words, ${domainModel.arpa.length} B ARPA, built in ${(performance.now() - trainStarted).toFixed(0)} ms; unknown words: ${domainModel.unknownWords.join(', ') || 'none'}`);

const audio = new Map<string, Uint8Array>();
const firstAudio: number[] = [];
for (const phrase of [...IN_PROJECT, ...HELD_OUT]) {
  const started = performance.now();
  let first = 0;
  const chunks: Uint8Array[] = [];
  for await (const chunk of flite.synthesize({ text: `${phrase}.` })) {
    first ||= performance.now() - started;
    chunks.push(chunk);
  }
  firstAudio.push(first);
  audio.set(phrase, await speak(phrase));
}
firstAudio.sort((a, b) => a - b);
console.log(`flite time to first audio: p50 ${firstAudio[Math.floor(firstAudio.length / 2)]!.toFixed(0)} ms, max ${firstAudio.at(-1)!.toFixed(0)} ms (${firstAudio.length} phrases)`);

const show = process.argv.includes('--show');
for (const [label, config] of [
  ['stock LM', { name: 'pocketsphinx', language_model: 'stock' }],
  ['domain LM', { name: 'pocketsphinx' }],
] as const) {
  const opened = performance.now();
  const engine = await createAsrEngine(config, { assistant, domainLanguageModel: domainModel });
  const warm = await engine.open({ onEvent: () => {}, onError: () => {} });
  const openMs = performance.now() - opened;
  await warm.close();
  console.log(`${label}: decoder load ${openMs.toFixed(0)} ms`);
  const inProject = await score(engine, IN_PROJECT, audio, show);
  const heldOut = await score(engine, HELD_OUT, audio, show);
  console.log(`  project phrases: ${wer(inProject)}; held out: ${wer(heldOut)}`);
  await engine.close?.();
}

// Speed: N streams decoding at once, fed as fast as they decode (throughput), then in real time as
// calls feed them (one 20 ms frame per stream every 20 ms): event-loop delay beside the same wait
// with nothing running, and how long after the end of each utterance its final came.
const concurrent = Number(process.argv.find((a) => /^\d+$/.test(a)) ?? 8);
const ms = (ns: number) => (ns / 1e6).toFixed(1);
const delay = (h: ReturnType<typeof monitorEventLoopDelay>) => `p50 ${ms(h.percentile(50))} ms, p99 ${ms(h.percentile(99))} ms, max ${ms(h.max)} ms`;
const engine = await createAsrEngine({ name: 'pocketsphinx' }, { assistant, domainLanguageModel: domainModel });
const inputs = Array.from({ length: concurrent }, (_, i) => audio.get([...audio.keys()][i % audio.size]!)!);
const audioSeconds = inputs.reduce((sum, a) => sum + a.length / 32000, 0);

const burst = monitorEventLoopDelay({ resolution: 1 });
const started = performance.now();
burst.enable();
const totals = await Promise.all(inputs.map((input) => transcribe(engine, input)));
burst.disable();
const elapsed = (performance.now() - started) / 1000;
console.log(`${concurrent} streams at once, fed as fast as decoded: ${audioSeconds.toFixed(1)} s of audio in ${elapsed.toFixed(1)} s (${(audioSeconds / elapsed).toFixed(1)}× real time), ${totals.filter(Boolean).length} finals; event-loop delay ${delay(burst)}`);

/** Feeds one frame every 20 ms; resolves with the time from the end of the speech to the final. */
async function realTime(input: Uint8Array): Promise<number> {
  let finalAt = 0;
  const stream = await engine.open({ onEvent: (e) => e.type === 'final' && (finalAt ||= performance.now()), onError: (e) => console.error(e.message) });
  const speechEnd = input.length - 1.2 * 32000;
  const feedStart = performance.now();
  for (let at = 0, frame = 0; at < input.length; at += 640, frame += 1) {
    stream.send(input.subarray(at, at + 640));
    await sleep(Math.max(0, feedStart + (frame + 1) * 20 - performance.now()));
  }
  const deadline = Date.now() + 10_000;
  while (!finalAt && Date.now() < deadline) await sleep(20);
  await stream.close();
  return finalAt ? finalAt - (feedStart + (speechEnd / 640) * 20) : Number.NaN;
}
const idle = monitorEventLoopDelay({ resolution: 1 });
idle.enable();
await sleep(3000);
idle.disable();
const live = monitorEventLoopDelay({ resolution: 1 });
live.enable();
const lags = (await Promise.all(inputs.map(realTime))).sort((a, b) => a - b);
live.disable();
await engine.close?.();
console.log(`${concurrent} streams in real time: final ${lags[Math.floor(lags.length / 2)]!.toFixed(0)} ms (p50) / ${lags.at(-1)!.toFixed(0)} ms (max) after the end of speech; event-loop delay ${delay(live)}; idle in the same run ${delay(idle)}`);
