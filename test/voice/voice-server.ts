/** A real colloquy server for test/voice/project with the scripted speech engines and in-memory stores. */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
import { afterAll, afterEach, beforeAll } from 'vitest';
import { composeRuntime, type ComposedRuntime } from '../../src/cli/compose-runtime.ts';
import type { VoiceLimits } from '../../src/channels/voice/voice-routes.ts';
import type { ChannelConfig } from '../../src/core/assistant.ts';
import type { ConversationState } from '../../src/core/state.ts';
import { createServer, type ColloquyServer } from '../../src/server/create-server.ts';
import { ScriptedAsr, ScriptedTts } from './scripted-speech.ts';

export const PROJECT = fileURLToPath(new URL('./project/', import.meta.url));

export interface VoiceTestServer {
  readonly url: string;
  readonly server: ColloquyServer;
  readonly runtime: ComposedRuntime;
  readonly asr: ScriptedAsr;
  readonly tts: ScriptedTts;
  state(conversationId: string): Promise<ConversationState | undefined>;
  close(): Promise<void>;
}

export interface VoiceServerOptions {
  readonly limits?: Partial<VoiceLimits>;
  /** The browser_audio section instead of the project's credentials.yml. */
  readonly channelOptions?: Record<string, unknown>;
  /** Served beside browser_audio (e.g. socketio). */
  readonly otherChannels?: readonly ChannelConfig[];
  /** The channels to serve instead of all the above (telephony tests). */
  readonly channels?: readonly ChannelConfig[];
}

export async function startVoiceServer(options: VoiceServerOptions = {}): Promise<VoiceTestServer> {
  const logger = pino({ level: process.env['VOICE_TEST_LOG'] ?? 'silent' });
  const runtime = await composeRuntime({ project: PROJECT }, { logger, stores: 'memory' });
  const asr = new ScriptedAsr();
  const tts = new ScriptedTts();
  const model = runtime.current();
  const voiceChannel = options.channelOptions ? { name: 'browser_audio', options: options.channelOptions } : model.assistant.channels.find((c) => c.name === 'browser_audio')!;
  const channels = options.channels ?? (options.channelOptions || options.otherChannels ? [voiceChannel, ...(options.otherChannels ?? [])] : undefined);
  const server = await createServer({
    runtime: runtime.processor,
    model,
    host: '127.0.0.1',
    port: 0,
    logger,
    speech: { asr: () => asr, tts: () => tts },
    ...(channels ? { channels } : {}),
    ...(options.limits ? { voiceLimits: options.limits } : {}),
  });
  const url = await server.listen();
  return {
    url,
    server,
    runtime,
    asr,
    tts,
    state: (id) => runtime.processor.getState(id),
    async close() {
      await server.close();
      await runtime.close();
    },
  };
}

/**
 * For the enclosing `describe`: a voice server started before its tests and closed after them; its
 * fields are there while the tests run. After each test, the clients handed to `closeAfterTest`
 * are closed and the TTS gate is lifted.
 */
export function voiceServerForSuite(options: VoiceServerOptions = {}): {
  readonly voice: Omit<VoiceTestServer, 'close'>;
  closeAfterTest<C extends { close(): Promise<void> }>(client: C): C;
} {
  let started: VoiceTestServer | undefined;
  const clients: { close(): Promise<void> }[] = [];
  beforeAll(async () => void (started = await startVoiceServer(options)));
  afterEach(async () => {
    if (started) started.tts.gate = undefined;
    await Promise.all(clients.splice(0).map((c) => c.close()));
  });
  afterAll(() => started?.close());
  const current = () => {
    if (!started) throw new Error('the voice server runs only while the suite does');
    return started;
  };
  return {
    voice: {
      get url() {
        return current().url;
      },
      get server() {
        return current().server;
      },
      get runtime() {
        return current().runtime;
      },
      get asr() {
        return current().asr;
      },
      get tts() {
        return current().tts;
      },
      state: (id) => current().state(id),
    },
    closeAfterTest(client) {
      clients.push(client);
      return client;
    },
  };
}

/** The user texts of a conversation, oldest first (`/session_start`, transcripts, `/silence_timeout`, …). */
export function userTexts(state: ConversationState | undefined): string[] {
  return (state?.events ?? []).flatMap((e) => (e.event === 'user' && e.text !== null ? [e.text] : []));
}
