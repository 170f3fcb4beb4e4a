import { describe, expect, it } from 'vitest';
import { createDeepgramAsr } from '../../../src/adapters/speech/cloud/deepgram-asr.ts';
import { AsrRecorder, trackIntervals, vendorPerTest } from './asr-recorder.ts';
import { FakeVendorWsServer, type FakeConnection } from './fakes/vendor-ws-server.ts';

const env = { DEEPGRAM_API_KEY: 'dg-secret-key' };

const results = (transcript: string, flags: { is_final?: boolean; speech_final?: boolean } = {}) =>
  JSON.stringify({
    type: 'Results',
    is_final: flags.is_final ?? false,
    speech_final: flags.speech_final ?? false,
    channel: { alternatives: [{ transcript, confidence: 0.9 }] },
  });

const textMessages = (connection: FakeConnection) =>
  connection.messages.filter((message) => !message.isBinary).map((message) => JSON.parse(message.data.toString()) as { type: string });

describe('deepgram ASR against a fake /v1/listen', () => {
  const { server, engine } = vendorPerTest((url, config) => createDeepgramAsr({ name: 'deepgram', endpoint: `${url}/v1/listen`, ...config }, env));

  it('connects with Rasa’s query parameters and the token header, and forwards audio as binary frames', async () => {
    const asr = engine();
    expect(asr.inputFormat).toEqual({ encoding: 'l16', sampleRate: 16000 });
    const stream = await asr.open(new AsrRecorder());
    const connection = await server().connection();
    expect(connection.url.pathname).toBe('/v1/listen');
    expect(Object.fromEntries(connection.url.searchParams)).toEqual({
      encoding: 'linear16',
      sample_rate: '16000',
      endpointing: '400',
      utterance_end_ms: '1000',
      vad_events: 'true',
      interim_results: 'true',
      smart_format: 'true',
      language: 'en',
      model: 'nova-2-general',
    });
    expect(connection.request.headers.authorization).toBe('Token dg-secret-key');

    const frame = Uint8Array.from({ length: 640 }, (_, i) => i % 256);
    stream.send(frame);
    stream.send(frame.subarray(0, 320));
    await connection.until(() => connection.messages.length >= 2);
    expect(connection.messages.map((m) => [m.isBinary, m.data.length])).toEqual([[true, 640], [true, 320]]);
    expect(Buffer.compare(connection.messages[0]!.data, Buffer.from(frame))).toBe(0);
    await stream.close();
  });

  it('reports interims and one final per utterance: is_final segments wait for speech_final or UtteranceEnd', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    const connection = await server().connection();
    connection.send(results('I would'));
    connection.send(results('I would like', { is_final: true }));
    connection.send(JSON.stringify({ type: 'SpeechStarted', channel: [0], timestamp: 1.2 }));
    connection.send(results('to book'));
    connection.send(results('to book a flight', { is_final: true, speech_final: true }));
    await recorder.until(() => recorder.finals().length === 1);
    expect(recorder.events).toEqual([
      { type: 'interim', text: 'I would' },
      { type: 'interim', text: 'to book' },
      { type: 'final', text: 'I would like to book a flight' },
    ]);

    // Endpointing missed the end: UtteranceEnd flushes what was final so far; an empty one says nothing.
    connection.send(results('to London', { is_final: true }));
    connection.send(results('', { is_final: true, speech_final: true }));
    connection.send(JSON.stringify({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: 3.1 }));
    connection.send(JSON.stringify({ type: 'UtteranceEnd', channel: [0, 1], last_word_end: 3.1 }));
    connection.send(JSON.stringify({ type: 'Metadata', request_id: 'x' }));
    await recorder.until(() => recorder.finals().length === 2);
    await new Promise((resolve) => setTimeout(resolve, 100));
    expect(recorder.finals()).toEqual(['I would like to book a flight', 'to London']);
    expect(recorder.errors).toEqual([]);
    await stream.close();
  });

  it('sends KeepAlive every keep_alive_interval, and CloseStream then closes on close(); nothing is left running', async () => {
    const intervals = trackIntervals();
    const recorder = new AsrRecorder();
    const stream = await engine({ keep_alive_interval: 0.1 }).open(recorder);
    const connection = await server().connection();
    await connection.until(() => textMessages(connection).filter((m) => m.type === 'KeepAlive').length >= 2);
    expect(intervals.running()).toBe(1);
    await stream.close();
    await connection.until(() => connection.closed);
    expect(textMessages(connection).at(-1)).toEqual({ type: 'CloseStream' });
    connection.send(results('late', { is_final: true, speech_final: true }));
    stream.send(new Uint8Array(320));
    await stream.close();
    expect(recorder.events).toEqual([]);
    expect(recorder.errors).toEqual([]);
    expect(server().openConnections()).toBe(0);
    expect(intervals.running()).toBe(0);
  });

  it('picks language and model from language_map for the conversation language, and speaks μ-law when configured', async () => {
    const asr = engine({
      encoding: 'mulaw',
      smart_format: false,
      utterance_end_ms: 0,
      language_map: { en: { language: 'en-US', model: 'nova-3' }, de: { language: 'de', model: 'nova-2' } },
    });
    expect(asr.inputFormat).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    const german = await asr.open(new AsrRecorder('de-DE'));
    const english = await asr.open(new AsrRecorder('fr'));
    const [de, en] = [await server().connection(0), await server().connection(1)];
    expect([de.url.searchParams.get('language'), de.url.searchParams.get('model')]).toEqual(['de', 'nova-2']);
    expect([en.url.searchParams.get('language'), en.url.searchParams.get('model')]).toEqual(['en-US', 'nova-3']);
    expect(de.url.searchParams.get('encoding')).toBe('mulaw');
    expect(de.url.searchParams.get('sample_rate')).toBe('8000');
    expect(de.url.searchParams.get('smart_format')).toBe('false');
    expect(de.url.searchParams.has('utterance_end_ms')).toBe(false);
    await Promise.all([german.close(), english.close()]);
  });

  it('reports a connection the vendor drops, once, through onError', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    const connection = await server().connection();
    connection.socket.close(1011, 'internal error');
    await recorder.until(() => recorder.errors.length > 0);
    expect(recorder.errors.map((e) => e.message)).toEqual(['Deepgram closed the connection (code 1011: internal error)']);
    await stream.close();
    expect(recorder.errors).toHaveLength(1);
  });

  it('fails the stream on a message that is not Deepgram JSON, and closes the socket', async () => {
    const recorder = new AsrRecorder();
    await engine().open(recorder);
    const connection = await server().connection();
    connection.send('{not json');
    await recorder.until(() => recorder.errors.length > 0);
    expect(recorder.errors[0]!.message).toMatch(/^Deepgram sent an unreadable message/);
    await connection.until(() => connection.closed);
  });

  it('fails the stream on an oversized vendor message instead of buffering it', async () => {
    const recorder = new AsrRecorder();
    await engine().open(recorder);
    const connection = await server().connection();
    connection.send(results('x'.repeat(2 * 1024 * 1024)));
    await recorder.until(() => recorder.errors.length > 0);
    expect(recorder.errors[0]!.message).toMatch(/^Deepgram connection error: Max payload size exceeded/);
    expect(recorder.events).toEqual([]);
    await connection.until(() => connection.closed);
  });

  it('rejects open with a clear message when the key is refused or the host is unreachable, never showing the key', async () => {
    server().refuseWith = 401;
    const refused = await engine().open(new AsrRecorder()).catch((error: Error) => error);
    expect(String(refused)).toMatch(/Deepgram refused the connection to ws:\/\/127\.0\.0\.1:\d+\/v1\/listen with HTTP 401: check DEEPGRAM_API_KEY/);
    expect(String(refused)).not.toContain('dg-secret-key');

    const closed = await FakeVendorWsServer.start();
    const url = `${closed.url}/v1/listen`;
    await closed.stop();
    const unreachable = await createDeepgramAsr({ name: 'deepgram', endpoint: url }, env)
      .open(new AsrRecorder())
      .catch((error: Error) => error);
    expect(String(unreachable)).toMatch(/Deepgram: cannot connect to ws:\/\/127\.0\.0\.1:\d+\/v1\/listen: .*ECONNREFUSED/);
  });

  it('gives up opening after `timeout` seconds when the vendor never answers the upgrade', async () => {
    server().stallUpgrades = true;
    const started = Date.now();
    const error = await engine({ timeout: 0.3 }).open(new AsrRecorder()).catch((e: Error) => e);
    expect(String(error)).toMatch(/Deepgram: cannot connect to .*: Opening handshake has timed out/);
    expect(Date.now() - started).toBeLessThan(5000);
  });

  it('refuses to build without an API key or with unknown keys, naming what to fix', () => {
    expect(() => createDeepgramAsr({ name: 'deepgram' }, {})).toThrow(
      'asr deepgram: no API key: set the DEEPGRAM_API_KEY environment variable (or api_key: ${DEEPGRAM_API_KEY})',
    );
    expect(() => createDeepgramAsr({ name: 'deepgram', endpointing: 'fast' }, env)).toThrow(/asr deepgram: endpointing: /);
    expect(() => createDeepgramAsr({ name: 'deepgram', colour: 'blue' }, env)).toThrow(/asr deepgram: .*colour/);
    expect(() => createDeepgramAsr({ name: 'deepgram', encoding: 'mulaw', sample_rate: 16000 }, env)).toThrow(
      'asr deepgram: encoding mulaw needs sample_rate 8000',
    );
    expect(() => createDeepgramAsr({ name: 'deepgram', model: 'nova-3', language_map: { en: {} } }, env)).toThrow(/use language_map only/);
    expect(() => createDeepgramAsr({ name: 'deepgram', endpoint: 'https://api.deepgram.com/v1/listen' }, env)).toThrow(
      'asr deepgram: endpoint: must be a host (api.example.com) or a ws/wss URL',
    );
    expect(createDeepgramAsr({ name: 'deepgram', endpoint: 'api.eu.deepgram.com', api_key: 'from-config' }, {}).name).toBe('deepgram');
  });
});
