import { describe, expect, it } from 'vitest';
import { createAzureAsr } from '../../../src/adapters/speech/cloud/azure-asr.ts';
import { AsrRecorder, trackIntervals, vendorPerTest } from './asr-recorder.ts';
import { azureText, readAzureFrame, type AzureFrame } from './fakes/azure-speech-frames.ts';
import type { FakeConnection } from './fakes/vendor-ws-server.ts';

const env = { AZURE_SPEECH_API_KEY: 'az-secret-key' };
const RECOGNITION_PATH = '/speech/recognition/conversation/cognitiveservices/v1';

const frames = (connection: FakeConnection): AzureFrame[] => connection.messages.map(readAzureFrame);
const audioFrames = (connection: FakeConnection) => frames(connection).filter((frame) => frame.headers['Path'] === 'audio');

describe('azure ASR against a fake Speech service WebSocket', () => {
  const { server, engine } = vendorPerTest((url, config) => createAzureAsr({ name: 'azure', speech_endpoint: `${url}${RECOGNITION_PATH}`, ...config }, env));

  it('connects with the key header and language, sends speech.config, then audio framed with headers after a WAV header', async () => {
    const stream = await engine().open(new AsrRecorder());
    const connection = await server().connection();
    expect(connection.url.pathname).toBe(RECOGNITION_PATH);
    expect(Object.fromEntries(connection.url.searchParams)).toEqual({ language: 'en-US', format: 'simple' });
    expect(connection.request.headers['ocp-apim-subscription-key']).toBe('az-secret-key');
    expect(connection.request.headers['x-connectionid']).toMatch(/^[0-9a-f]{32}$/);

    stream.send(new Uint8Array(640).fill(7));
    await connection.until(() => connection.messages.length >= 3);
    const [config, header, audio] = frames(connection);
    expect(connection.messages.map((m) => m.isBinary)).toEqual([false, true, true]);
    expect(config!.headers).toMatchObject({ Path: 'speech.config', 'Content-Type': 'application/json' });
    expect(JSON.parse(config!.body.toString()).context.audio.source).toMatchObject({ samplerate: 16000, bitspersample: 16, channelcount: 1 });

    const requestId = header!.headers['X-RequestId']!;
    expect(requestId).toMatch(/^[0-9a-f]{32}$/);
    expect(header!.headers).toMatchObject({ Path: 'audio', 'Content-Type': 'audio/x-wav' });
    const wav = header!.body;
    expect([wav.toString('ascii', 0, 4), wav.toString('ascii', 8, 12), wav.toString('ascii', 36, 40)]).toEqual(['RIFF', 'WAVE', 'data']);
    expect([wav.readUInt16LE(20), wav.readUInt16LE(22), wav.readUInt32LE(24), wav.readUInt16LE(34)]).toEqual([1, 1, 16000, 16]);
    expect(audio!.headers).toEqual({ Path: 'audio', 'X-RequestId': requestId });
    expect(audio!.body.equals(Buffer.alloc(640, 7))).toBe(true);

    await stream.close();
    // An empty audio message ends the audio before the socket closes.
    const last = audioFrames(connection).at(-1)!;
    expect([last.headers['X-RequestId'], last.body.length]).toEqual([requestId, 0]);
    await connection.until(() => connection.closed);
  });

  it('turns hypotheses into interims and each successful phrase into one final; NoMatch says nothing', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    const connection = await server().connection();
    await connection.until(() => connection.messages.length >= 2);
    const requestId = audioFrames(connection)[0]!.headers['X-RequestId']!;
    connection.send(azureText('turn.start', requestId, { context: { serviceTag: 'x' } }));
    connection.send(azureText('speech.startDetected', requestId, { Offset: 100 }));
    connection.send(azureText('speech.hypothesis', requestId, { Text: 'check my', Offset: 100, Duration: 50 }));
    connection.send(azureText('speech.hypothesis', requestId, { Text: 'check my balance', Offset: 100, Duration: 90 }));
    connection.send(azureText('speech.phrase', requestId, { RecognitionStatus: 'Success', DisplayText: 'Check my balance.', Offset: 100, Duration: 95 }));
    connection.send(azureText('speech.phrase', requestId, { RecognitionStatus: 'NoMatch', Offset: 300, Duration: 10 }));
    connection.send(azureText('speech.hypothesis', requestId, { Text: 'thanks', Offset: 400, Duration: 10 }));
    connection.send(azureText('speech.phrase', requestId, { RecognitionStatus: 'Success', DisplayText: 'Thanks.', Offset: 400, Duration: 20 }));
    connection.send(azureText('speech.endDetected', requestId, { Offset: 500 }));
    await recorder.until(() => recorder.finals().length === 2);
    expect(recorder.events).toEqual([
      { type: 'interim', text: 'check my' },
      { type: 'interim', text: 'check my balance' },
      { type: 'final', text: 'Check my balance.' },
      { type: 'interim', text: 'thanks' },
      { type: 'final', text: 'Thanks.' },
    ]);
    expect(recorder.errors).toEqual([]);
    await stream.close();
  });

  it('starts a new turn (new request id, WAV header again) when the service ends one mid-call', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    const connection = await server().connection();
    await connection.until(() => connection.messages.length >= 2);
    const first = audioFrames(connection)[0]!.headers['X-RequestId']!;
    connection.send(azureText('turn.end', first, {}));
    await connection.until(() => audioFrames(connection).length >= 2);
    stream.send(new Uint8Array(320));
    await connection.until(() => audioFrames(connection).length >= 3);
    const [, header, audio] = audioFrames(connection);
    const second = header!.headers['X-RequestId']!;
    expect(second).not.toBe(first);
    expect(header!.headers['Content-Type']).toBe('audio/x-wav');
    expect(header!.body.toString('ascii', 0, 4)).toBe('RIFF');
    expect(audio!.headers['X-RequestId']).toBe(second);
    connection.send(azureText('speech.phrase', second, { RecognitionStatus: 'Success', DisplayText: 'Hello again.' }));
    await recorder.until(() => recorder.finals().length === 1);
    await stream.close();
  });

  it('describes μ-law audio in the WAV header, picks the language from language_map and sends the custom model as cid', async () => {
    const asr = engine({ encoding: 'mulaw', language_map: { en: { language: 'en-GB' }, de: { language: 'de-DE', model: 'custom-123' } } });
    expect(asr.inputFormat).toEqual({ encoding: 'mulaw', sampleRate: 8000 });
    const stream = await asr.open(new AsrRecorder('de'));
    const connection = await server().connection();
    expect(Object.fromEntries(connection.url.searchParams)).toEqual({ language: 'de-DE', format: 'simple', cid: 'custom-123' });
    await connection.until(() => connection.messages.length >= 2);
    const wav = audioFrames(connection)[0]!.body;
    expect([wav.readUInt16LE(20), wav.readUInt32LE(24), wav.readUInt32LE(28), wav.readUInt16LE(32), wav.readUInt16LE(34)]).toEqual([7, 8000, 8000, 1, 8]);
    await stream.close();
  });

  it('keeps the connection alive with pings and leaves no socket or timer after close', async () => {
    const intervals = trackIntervals();
    let pings = 0;
    const stream = await engine({ keep_alive_interval: 0.05 }).open(new AsrRecorder());
    const connection = await server().connection();
    connection.socket.on('ping', () => void pings++);
    await connection.until(() => pings >= 2 || undefined);
    expect(intervals.running()).toBe(1);
    await stream.close();
    await connection.until(() => connection.closed);
    expect(intervals.running()).toBe(0);
    expect(server().openConnections()).toBe(0);
  });

  it('fails the stream on a recognition error, a malformed frame or a dropped connection, once each', async () => {
    const cases: [string, (connection: FakeConnection, requestId: string) => void, RegExp][] = [
      ['error', (c, id) => c.send(azureText('speech.phrase', id, { RecognitionStatus: 'Error' })), /recognition failed/],
      ['framing', (c) => c.send('Path: speech.phrase no blank line'), /unreadable message: text message without a blank line/],
      ['short binary', (c) => c.send(Buffer.from([0xff])), /unreadable message: binary message shorter/],
      ['bad json', (c, id) => c.send(azureText('speech.hypothesis', id, { text: 'lowercase key' })), /unreadable message/],
      ['close', (c) => c.socket.close(1007, 'Invalid audio'), /^Azure Speech closed the connection \(code 1007: Invalid audio\)$/],
    ];
    for (const [index, [, act, expected]] of cases.entries()) {
      const recorder = new AsrRecorder();
      const stream = await engine().open(recorder);
      const connection = await server().connection(index);
      await connection.until(() => connection.messages.length >= 2);
      act(connection, audioFrames(connection)[0]!.headers['X-RequestId']!);
      await recorder.until(() => recorder.errors.length > 0);
      await connection.until(() => connection.closed);
      await stream.close();
      expect(recorder.errors).toHaveLength(1);
      expect(recorder.errors[0]!.message).toMatch(expected);
    }
  });

  it('takes a new connection (speech.config, new turn) when the service ends one normally mid-call', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    const first = await server().connection(0);
    await first.until(() => first.messages.length >= 2);
    first.socket.close(1000, 'connection lifetime reached');
    const second = await server().connection(1);
    await second.until(() => second.messages.length >= 2);
    const [config, header] = frames(second);
    expect(config!.headers['Path']).toBe('speech.config');
    expect([header!.headers['Path'], header!.headers['Content-Type'], header!.body.toString('ascii', 0, 4)]).toEqual(['audio', 'audio/x-wav', 'RIFF']);
    const requestId = header!.headers['X-RequestId']!;
    expect(requestId).not.toBe(audioFrames(first)[0]!.headers['X-RequestId']);
    expect(second.request.headers['x-connectionid']).not.toBe(first.request.headers['x-connectionid']);
    stream.send(new Uint8Array(320).fill(3));
    await second.until(() => audioFrames(second).length >= 2);
    expect(audioFrames(second)[1]!.headers['X-RequestId']).toBe(requestId);
    second.send(azureText('speech.phrase', requestId, { RecognitionStatus: 'Success', DisplayText: 'Still here.' }));
    await recorder.until(() => recorder.finals().length === 1);
    expect(recorder.errors).toEqual([]);
    await stream.close();
    expect(server().openConnections()).toBe(0);
  });

  it('gives up when normal closures repeat with nothing recognised, or the new connection is refused', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine().open(recorder);
    for (let index = 0; index < 4; index++) {
      const connection = await server().connection(index);
      await connection.until(() => connection.messages.length >= 2);
      connection.socket.close(1000);
    }
    await recorder.until(() => recorder.errors.length > 0);
    expect(recorder.errors.map((e) => e.message)).toEqual(['Azure Speech closed the connection (code 1000)']);
    await stream.close();

    const refused = new AsrRecorder();
    await engine().open(refused);
    const connection = await server().connection(4);
    server().refuseWith = 401;
    connection.socket.close(1000);
    await refused.until(() => refused.errors.length > 0);
    expect(refused.errors[0]!.message).toMatch(/^Azure Speech ended the connection and it could not be reopened: Azure Speech refused .* HTTP 401/);
    expect(server().openConnections()).toBe(0);
  });

  it('close() while a new connection is opening leaves nothing open and reports nothing', async () => {
    const recorder = new AsrRecorder();
    const stream = await engine({ timeout: 0.5 }).open(recorder);
    const connection = await server().connection();
    server().stallUpgrades = true;
    connection.socket.close(1000);
    await recorder.until(() => server().stalledUpgrades() === 1);
    await stream.close();
    expect(recorder.errors).toEqual([]);
    expect(server().openConnections()).toBe(0);
  });

  it('rejects open on a refused key without showing it, and refuses to build without a key or a region', async () => {
    server().refuseWith = 401;
    const refused = await engine().open(new AsrRecorder()).catch((error: Error) => error);
    expect(String(refused)).toMatch(/Azure Speech refused the connection to .* with HTTP 401: check AZURE_SPEECH_API_KEY and speech_region/);
    expect(String(refused)).not.toContain('az-secret-key');
    expect(() => createAzureAsr({ name: 'azure', speech_region: 'westeurope' }, {})).toThrow(/no API key: set the AZURE_SPEECH_API_KEY/);
    expect(() => createAzureAsr({ name: 'azure' }, env)).toThrow('asr azure: set one of speech_region, speech_host or speech_endpoint');
    expect(() => createAzureAsr({ name: 'azure', speech_region: 'evil.example.com/x' }, env)).toThrow(
      'asr azure: speech_region: must be an Azure region name such as westeurope',
    );
  });
});
