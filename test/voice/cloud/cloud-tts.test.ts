import { afterAll, beforeAll, beforeEach, describe, expect, it } from 'vitest';
import { createAzureTts } from '../../../src/adapters/speech/cloud/azure-tts.ts';
import { createCartesiaTts } from '../../../src/adapters/speech/cloud/cartesia-tts.ts';
import { createDeepgramTts } from '../../../src/adapters/speech/cloud/deepgram-tts.ts';
import type { TtsEngine, TtsRequest } from '../../../src/ports/speech.ts';
import { FakeTtsServer } from './fakes/tts-http-server.ts';

const env = { AZURE_SPEECH_API_KEY: 'az-secret', CARTESIA_API_KEY: 'ca-secret', DEEPGRAM_API_KEY: 'dg-secret' };

let server: FakeTtsServer;
beforeAll(async () => void (server = await FakeTtsServer.start()));
afterAll(async () => server.stop());
beforeEach(() => {
  server.requests.length = 0;
  server.reply = { kind: 'audio', chunks: [new Uint8Array(480).fill(1), new Uint8Array(480).fill(2)] };
});

async function collect(engine: TtsEngine, request: TtsRequest): Promise<Buffer> {
  const chunks: Uint8Array[] = [];
  for await (const chunk of engine.synthesize(request)) chunks.push(chunk);
  return Buffer.concat(chunks);
}

const until = async (condition: () => boolean) => {
  const deadline = Date.now() + 10_000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
};

const engines: [string, (config: Record<string, unknown>, keys?: Record<string, string>) => TtsEngine, string, string][] = [
  ['azure', (config, keys = env) => createAzureTts({ name: 'azure', endpoint: `${server.url}/cognitiveservices/v1`, ...config }, keys), 'AZURE_SPEECH_API_KEY', 'az-secret'],
  ['cartesia', (config, keys = env) => createCartesiaTts({ name: 'cartesia', endpoint: `${server.url}/tts/bytes`, ...config }, keys), 'CARTESIA_API_KEY', 'ca-secret'],
  ['deepgram', (config, keys = env) => createDeepgramTts({ name: 'deepgram', endpoint: `${server.url}/v1/speak`, ...config }, keys), 'DEEPGRAM_API_KEY', 'dg-secret'],
];

describe('azure TTS request shape', () => {
  it('posts SSML with the key, output format and voice of the conversation language; bot text is escaped', async () => {
    const tts = engines[0]![1]({ language_map: { en: { language: 'en-US', voice: 'en-US-JennyNeural' }, de: { language: 'de-DE', voice: 'de-DE-KatjaNeural' } } });
    expect(tts.outputFormat).toEqual({ encoding: 'l16', sampleRate: 24000 });
    const audio = await collect(tts, { text: 'Fish & chips <now> for "Ann"', language: 'de-DE' });
    expect(audio).toEqual(Buffer.concat([Buffer.alloc(480, 1), Buffer.alloc(480, 2)]));
    const [request] = server.requests;
    expect([request!.method, request!.url.pathname]).toEqual(['POST', '/cognitiveservices/v1']);
    expect(request!.headers).toMatchObject({
      'ocp-apim-subscription-key': 'az-secret',
      'content-type': 'application/ssml+xml',
      'x-microsoft-outputformat': 'raw-24khz-16bit-mono-pcm',
    });
    expect(request!.body).toBe(
      "<speak version='1.0' xml:lang='de-DE' xmlns='http://www.w3.org/2001/10/synthesis'><voice name='de-DE-KatjaNeural'>" +
        'Fish &#38; chips &#60;now&#62; for &#34;Ann&#34;</voice></speak>',
    );
  });

  it('asks for μ-law at 8 kHz or PCM at the configured rate', async () => {
    await collect(engines[0]![1]({ encoding: 'mulaw' }), { text: 'hi' });
    await collect(engines[0]![1]({ sample_rate: 16000, voice: 'en-US-GuyNeural' }), { text: 'hi' });
    expect(server.requests.map((r) => r.headers['x-microsoft-outputformat'])).toEqual(['raw-8khz-8bit-mono-mulaw', 'raw-16khz-16bit-mono-pcm']);
    expect(server.requests[1]!.body).toContain("<voice name='en-US-GuyNeural'>");
  });
});

describe('cartesia TTS request shape', () => {
  it('posts the transcript, model, voice and raw output format with the version and key headers', async () => {
    const tts = engines[1]![1]({ encoding: 'mulaw', model_id: 'sonic-2', voice: 'voice-id-1' });
    expect(tts.outputFormat).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    await collect(tts, { text: 'Your balance is 50 dollars.' });
    const [request] = server.requests;
    expect([request!.method, request!.url.pathname]).toEqual(['POST', '/tts/bytes']);
    expect(request!.headers).toMatchObject({ 'cartesia-version': '2024-06-10', 'x-api-key': 'ca-secret', 'content-type': 'application/json' });
    expect(JSON.parse(request!.body)).toEqual({
      model_id: 'sonic-2',
      transcript: 'Your balance is 50 dollars.',
      voice: { mode: 'id', id: 'voice-id-1' },
      language: 'en',
      output_format: { container: 'raw', encoding: 'pcm_mulaw', sample_rate: 8000 },
    });
    await collect(engines[1]![1]({}), { text: 'hi' });
    expect(JSON.parse(server.requests[1]!.body).output_format).toEqual({ container: 'raw', encoding: 'pcm_s16le', sample_rate: 24000 });
  });
});

describe('deepgram TTS request shape', () => {
  it('posts the text to /v1/speak with model, encoding, rate and no container, authorised by token', async () => {
    const tts = engines[2]![1]({ language_map: { en: { model: 'aura-2-thalia-en' }, es: { model: 'aura-2-celeste-es' } } });
    await collect(tts, { text: 'Hola', language: 'es' });
    const [request] = server.requests;
    expect([request!.method, request!.url.pathname]).toEqual(['POST', '/v1/speak']);
    expect(Object.fromEntries(request!.url.searchParams)).toEqual({ model: 'aura-2-celeste-es', encoding: 'linear16', sample_rate: '24000', container: 'none' });
    expect(request!.headers).toMatchObject({ authorization: 'Token dg-secret', 'content-type': 'application/json' });
    expect(JSON.parse(request!.body)).toEqual({ text: 'Hola' });
    await collect(engines[2]![1]({ encoding: 'mulaw' }), { text: 'hi' });
    expect(Object.fromEntries(server.requests[1]!.url.searchParams)).toMatchObject({ model: 'aura-2-andromeda-en', encoding: 'mulaw', sample_rate: '8000' });
  });
});

it('refuses a wss:// endpoint (Rasa’s, for its WebSocket client) with a hint, and any non-URL', () => {
  expect(() => createDeepgramTts({ name: 'deepgram', endpoint: 'wss://api.deepgram.com/v1/speak' }, env)).toThrow(
    "tts deepgram: endpoint: must be a http/https URL (colloquy uses the vendor's REST API here; Rasa's wss:// endpoint does not apply)",
  );
  expect(() => createCartesiaTts({ name: 'cartesia', endpoint: 'wss://api.cartesia.ai/tts/websocket' }, env)).toThrow(/Rasa's wss:\/\/ endpoint/);
  expect(() => createAzureTts({ name: 'azure', endpoint: 'not a url' }, env)).toThrow('tts azure: endpoint: must be a http/https URL');
});

describe.each(engines)('%s TTS streaming and failures', (_name, build, envVar, secret) => {
  it('yields audio as it arrives, before the vendor has finished', async () => {
    server.reply = { kind: 'audio', chunks: [new Uint8Array(100).fill(1), new Uint8Array(100).fill(2)], pauseMs: 300 };
    const seenBeforeEnd: boolean[] = [];
    for await (const chunk of build({}).synthesize({ text: 'hello' })) {
      seenBeforeEnd.push(!server.requests[0]!.finished);
      expect(chunk.byteLength).toBeGreaterThan(0);
    }
    expect(seenBeforeEnd[0]).toBe(true);
  });

  it('stops quietly on barge-in (the signal) and drops the download', async () => {
    server.reply = { kind: 'audio', chunks: Array.from({ length: 50 }, () => new Uint8Array(320)), pauseMs: 50 };
    const controller = new AbortController();
    let chunks = 0;
    for await (const _chunk of build({}).synthesize({ text: 'a long answer', signal: controller.signal })) {
      if (++chunks === 2) controller.abort();
    }
    expect(chunks).toBeLessThan(50);
    await until(() => server.requests[0]!.aborted);
    // Already aborted: nothing is requested.
    expect(await collect(build({}), { text: 'x', signal: controller.signal })).toHaveLength(0);
    expect(server.requests).toHaveLength(1);
  });

  it('drops the download when the consumer stops reading', async () => {
    server.reply = { kind: 'audio', chunks: Array.from({ length: 50 }, () => new Uint8Array(320)), pauseMs: 50 };
    for await (const _chunk of build({}).synthesize({ text: 'a long answer' })) break;
    await until(() => server.requests[0]!.aborted);
  });

  it('rejects with the status and what to check when the key is refused, never showing the key', async () => {
    server.reply = { kind: 'status', status: 401, body: '{"err_msg":"Invalid credentials."}' };
    const error = await collect(build({}), { text: 'hi' }).catch((e: Error) => e);
    expect(String(error)).toMatch(new RegExp(`TTS failed: HTTP 401 \\(check ${envVar}.*\\): \\{"err_msg":"Invalid credentials."\\}`));
    expect(String(error)).not.toContain(secret);
    server.reply = { kind: 'status', status: 500, body: 'x'.repeat(5000) };
    const long = await collect(build({}), { text: 'hi' }).catch((e: Error) => e);
    expect(String(long).length).toBeLessThan(500);
  });

  it('rejects after `timeout` seconds when the vendor does not answer, and when it cannot be reached', async () => {
    server.reply = { kind: 'hang' };
    const started = Date.now();
    await expect(collect(build({ timeout: 0.3 }), { text: 'hi' })).rejects.toThrow(/TTS timed out after 0.3 s/);
    expect(Date.now() - started).toBeLessThan(5000);
    const closed = await FakeTtsServer.start();
    const url = closed.url;
    await closed.stop();
    const unreachable = build({ endpoint: `${url}/x` });
    await expect(collect(unreachable, { text: 'hi' })).rejects.toThrow(/TTS failed: cannot reach 127\.0\.0\.1:\d+: ECONNREFUSED/);
  });

  it('refuses to build without an API key, naming the variable', () => {
    expect(() => build({}, {})).toThrow(new RegExp(`no API key: set the ${envVar} environment variable`));
  });
});
