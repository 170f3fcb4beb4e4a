/**
 * Azure Speech streaming ASR (`asr: {name: azure}`) over the service's WebSocket protocol in
 * conversation mode, without the SDK: `speech.config`, then `audio` messages (a WAV header first,
 * raw audio after, an empty one to end). `speech.hypothesis` → interim, `speech.phrase` → final
 * (Azure already ends one phrase per utterance). When the service ends a turn (`turn.end`) while the
 * call goes on, a new turn starts with a new request id and WAV header, as the SDKs do; when it ends
 * the connection normally (it limits how long one lasts), a new connection takes over.
 * @module
 */
import { randomUUID } from 'node:crypto';
import { z } from 'zod';
import type { AsrEngine, AsrEvent, AsrStream, AsrStreamOptions, AudioFormat } from '../../../ports/speech.ts';
import { AsrSocket } from './asr-socket.ts';
import { binaryMessage, parseMessage, textMessage, wavHeader } from './azure-speech-framing.ts';
import { azureRegion, commonKeys, engineSettings, type Env, hostOrSocketUrl, SpeechConfigError, urlWithScheme } from './engine-config.ts';
import { connectVendorSocket } from './vendor-socket.ts';

const RECOGNITION_PATH = '/speech/recognition/conversation/cognitiveservices/v1';

const configSchema = z.strictObject({
  ...commonKeys,
  speech_region: azureRegion.optional(),
  /** `host[:port]` or `wss://host[:port]`; the recognition path is appended. */
  speech_host: hostOrSocketUrl.optional(),
  /** The whole recognition URL (`ws://127.0.0.1:8080/speech/...`); `language` is added to its query. */
  speech_endpoint: urlWithScheme(['ws', 'wss']).optional(),
  keep_alive_interval: z.number().positive().default(5),
});

const hypothesisSchema = z.object({ Text: z.string() });
const phraseSchema = z.object({ RecognitionStatus: z.string(), DisplayText: z.string().optional() });

const requestId = () => randomUUID().replaceAll('-', '');

export function createAzureAsr(config: Readonly<Record<string, unknown>>, env: Env = process.env): AsrEngine {
  const { keys, apiKey, languages, format: inputFormat } = engineSettings('asr azure', configSchema, config, env, {
    envVar: 'AZURE_SPEECH_API_KEY',
    languages: () => ({ en: { language: 'en-US' } }),
    format: { encoding: 'l16', sampleRate: 16000 },
  });
  const base = recognitionUrl(keys);

  return {
    name: 'azure',
    inputFormat,
    async open(options: AsrStreamOptions): Promise<AsrStream> {
      const entry = languages.entryFor(options.language);
      const url = new URL(base);
      url.searchParams.set('language', entry.language ?? 'en-US');
      url.searchParams.set('format', 'simple');
      // A custom speech model is addressed by its endpoint id.
      if (entry.model) url.searchParams.set('cid', entry.model);
      const turn = new Turn(inputFormat, (data) => socket.send(data));
      // Every connection starts with speech.config and a new turn's WAV header.
      const connect = async () => {
        const ws = await connectVendorSocket({
          vendor: 'Azure Speech',
          url: url.toString(),
          headers: { 'Ocp-Apim-Subscription-Key': apiKey, 'X-ConnectionId': requestId() },
          timeoutMs: keys.timeout * 1000,
          keyHint: 'AZURE_SPEECH_API_KEY and speech_region',
        });
        const start = turn.begin();
        ws.send(textMessage(turn.headers('speech.config', 'application/json'), JSON.stringify(speechConfig(inputFormat))));
        ws.send(start);
        return ws;
      };
      const socket = new AsrSocket(await connect(), 'Azure Speech', options, {
        message: (data, isBinary) => turn.eventsFor(parseMessage(data, isBinary)),
        keepAlive: { intervalMs: keys.keep_alive_interval * 1000, tick: (ws) => ws.ping() },
        reopen: connect,
      });
      return {
        send: (audio) => turn.audio(audio),
        close: () => socket.close(turn.endOfAudio()),
      };
    },
  };
}

function recognitionUrl(keys: { speech_endpoint?: string; speech_host?: string; speech_region?: string }): string {
  if (keys.speech_endpoint) return keys.speech_endpoint;
  if (keys.speech_host) return `${keys.speech_host.includes('://') ? keys.speech_host : `wss://${keys.speech_host}`}${RECOGNITION_PATH}`;
  if (keys.speech_region) return `wss://${keys.speech_region}.stt.speech.microsoft.com${RECOGNITION_PATH}`;
  throw new SpeechConfigError('asr azure: set one of speech_region, speech_host or speech_endpoint');
}

/** One recognition turn: its request id, and the WAV header its audio starts with. */
class Turn {
  private id = '';

  constructor(
    private readonly format: AudioFormat,
    private readonly send: (data: Buffer | string) => void,
  ) {}

  headers(path: string, contentType?: string): Record<string, string> {
    return {
      Path: path,
      'X-RequestId': this.id,
      'X-Timestamp': new Date().toISOString(),
      ...(contentType ? { 'Content-Type': contentType } : {}),
    };
  }

  /** A new request id, and the audio message that opens its turn with the WAV header. */
  begin(): Buffer {
    this.id = requestId();
    return binaryMessage(this.headers('audio', 'audio/x-wav'), wavHeader(this.format));
  }

  audio(chunk: Uint8Array): void {
    this.send(binaryMessage({ Path: 'audio', 'X-RequestId': this.id }, chunk));
  }

  /** An empty audio message tells the service the audio has ended. */
  endOfAudio(): Buffer {
    return binaryMessage(this.headers('audio'), new Uint8Array(0));
  }

  eventsFor(message: ReturnType<typeof parseMessage>): AsrEvent[] {
    const path = message.headers['path']?.toLowerCase();
    if (path === 'speech.hypothesis') {
      const text = hypothesisSchema.parse(JSON.parse(message.body.toString('utf8'))).Text.trim();
      return text ? [{ type: 'interim', text }] : [];
    }
    if (path === 'speech.phrase') {
      const phrase = phraseSchema.parse(JSON.parse(message.body.toString('utf8')));
      if (phrase.RecognitionStatus === 'Error') throw new Error('recognition failed (RecognitionStatus Error)');
      const text = phrase.RecognitionStatus === 'Success' ? (phrase.DisplayText?.trim() ?? '') : '';
      return text ? [{ type: 'final', text }] : [];
    }
    if (path === 'turn.end' && message.headers['x-requestid'] === this.id) this.send(this.begin());
    return [];
  }
}

/** What the SDKs report about themselves and the audio source; the service needs the context block. */
function speechConfig(format: AudioFormat) {
  return {
    context: {
      system: { name: 'colloquy', version: '1', build: 'Node.js', lang: 'TypeScript' },
      os: { platform: process.platform, name: 'Node.js', version: process.version },
      audio: {
        source: {
          bitspersample: format.encoding === 'mulaw' ? 8 : 16,
          channelcount: 1,
          connectivity: 'Unknown',
          manufacturer: 'colloquy',
          model: 'stream',
          samplerate: format.sampleRate,
          type: 'Stream',
        },
      },
    },
    recognition: 'conversation',
  };
}
