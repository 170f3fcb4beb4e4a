/**
 * The shared ASR/TTS engine contracts (test/contracts/) run against each cloud engine pointed at a
 * local fake of its vendor.
 */
import { describeAsrEngineContract } from '../../contracts/asr-engine-contract.ts';
import { describeTtsEngineContract } from '../../contracts/tts-engine-contract.ts';
import { createAzureAsr } from '../../../src/adapters/speech/cloud/azure-asr.ts';
import { createAzureTts } from '../../../src/adapters/speech/cloud/azure-tts.ts';
import { createCartesiaTts } from '../../../src/adapters/speech/cloud/cartesia-tts.ts';
import { createDeepgramAsr } from '../../../src/adapters/speech/cloud/deepgram-asr.ts';
import { createDeepgramTts } from '../../../src/adapters/speech/cloud/deepgram-tts.ts';
import type { AsrEngine, TtsEngine } from '../../../src/ports/speech.ts';
import { speakAzureSpeech } from './fakes/azure-speech-service.ts';
import { speakDeepgram } from './fakes/deepgram-listen.ts';
import { sentenceAudio } from './fakes/scripted-recognizer.ts';
import { FakeTtsServer, type RecordedRequest, type TtsReply } from './fakes/tts-http-server.ts';
import { FakeVendorWsServer } from './fakes/vendor-ws-server.ts';

const env = { AZURE_SPEECH_API_KEY: 'az', CARTESIA_API_KEY: 'ca', DEEPGRAM_API_KEY: 'dg' };

function asrFixture(speak: (server: FakeVendorWsServer) => void, build: (url: string) => AsrEngine) {
  return async () => {
    const server = await FakeVendorWsServer.start();
    speak(server);
    return {
      engine: build(server.url),
      utterances: [
        { audio: sentenceAudio(1000, 600, 400), keywords: ['book', 'flight'] },
        { audio: sentenceAudio(2000, 600, 400), keywords: ['balance'] },
      ] as const,
      openResources: () => server.openConnections(),
      breakStream: () => server.connections.filter((c) => !c.closed).at(-1)?.socket.terminate(),
      dispose: () => server.stop(),
    };
  };
}

describeAsrEngineContract(
  'deepgram (fake /v1/listen)',
  asrFixture(speakDeepgram, (url) => createDeepgramAsr({ name: 'deepgram', endpoint: `${url}/v1/listen` }, env)),
);
describeAsrEngineContract(
  'azure (fake Speech service)',
  asrFixture(speakAzureSpeech, (url) => createAzureAsr({ name: 'azure', speech_endpoint: `${url}/speech/recognition` }, env)),
);

/** 20 ms of a 200 Hz tone per character of text, in 100 ms chunks a few ms apart, like a streaming vendor. */
function speech(text: string, format: TtsEngine['outputFormat']): TtsReply {
  const samples = Math.round((format.sampleRate * 20 * text.length) / 1000);
  const audio = Buffer.alloc(samples * 2);
  for (let i = 0; i < samples; i++) audio.writeInt16LE(Math.round(8000 * Math.sin((2 * Math.PI * 200 * i) / format.sampleRate)), i * 2);
  const chunkBytes = (format.sampleRate / 10) * 2;
  const chunks: Uint8Array[] = [];
  for (let at = 0; at < audio.length; at += chunkBytes) chunks.push(audio.subarray(at, at + chunkBytes));
  return { kind: 'audio', chunks, pauseMs: 5 };
}

function ttsFixture(build: (url: string) => TtsEngine, textOf: (request: RecordedRequest) => string) {
  return async () => {
    const server = await FakeTtsServer.start();
    const engine = build(`${server.url}/ok`);
    server.reply = (request) =>
      request.url.pathname === '/fail' ? { kind: 'status', status: 500, body: 'synthesis failed' } : speech(textOf(request), engine.outputFormat);
    return {
      engine,
      text: 'I would like to book a flight to London tomorrow.',
      longText: 'This answer goes on for a long while. '.repeat(20),
      openResources: () => server.activeReplies(),
      failing: () => build(`${server.url}/fail`),
      dispose: () => server.stop(),
    };
  };
}

describeTtsEngineContract(
  'azure (fake REST)',
  ttsFixture(
    (url) => createAzureTts({ name: 'azure', endpoint: url }, env),
    (request) => /<voice[^>]*>(.*)<\/voice>/.exec(request.body)?.[1] ?? '',
  ),
);
describeTtsEngineContract(
  'cartesia (fake /tts/bytes)',
  ttsFixture(
    (url) => createCartesiaTts({ name: 'cartesia', endpoint: url }, env),
    (request) => (JSON.parse(request.body) as { transcript: string }).transcript,
  ),
);
describeTtsEngineContract(
  'deepgram (fake /v1/speak)',
  ttsFixture(
    (url) => createDeepgramTts({ name: 'deepgram', endpoint: url }, env),
    (request) => (JSON.parse(request.body) as { text: string }).text,
  ),
);
