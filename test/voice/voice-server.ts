/** A real colloquy server for test/voice/project with the scripted speech engines and in-memory stores. */
import { fileURLToPath } from 'node:url';
import { pino } from 'pino';
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
}

export async function startVoiceServer(options: VoiceServerOptions = {}): Promise<VoiceTestServer> {
  const logger = pino({ level: process.env['VOICE_TEST_LOG'] ?? 'silent' });
  const runtime = await composeRuntime({ project: PROJECT }, { logger, stores: 'memory' });
  const asr = new ScriptedAsr();
  const tts = new ScriptedTts();
  const model = runtime.current();
  const voiceChannel = options.channelOptions ? { name: 'browser_audio', options: options.channelOptions } : model.assistant.channels.find((c) => c.name === 'browser_audio')!;
  const channels = options.channelOptions || options.otherChannels ? [voiceChannel, ...(options.otherChannels ?? [])] : undefined;
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
