/**
 * Serves the voice-stream channels of credentials.yml: builds each channel's ASR and TTS engines
 * with the injected factories and mounts its routes at `/webhooks/<name>`.
 * @module
 */
import { EventEmitter } from 'node:events';
import type { IncomingMessage, Server } from 'node:http';
import type { Duplex } from 'node:stream';
import fastifyWebsocket from '@fastify/websocket';
import type { FastifyInstance } from 'fastify';
import type { Logger } from 'pino';
import { z } from 'zod';
import type { ChannelConfig } from '../core/assistant.ts';
import { voiceStreamChannelSchemas } from '../project/schemas/voice-credentials.ts';
import type { AsrEngine, AsrEngineFactory, TtsEngine, TtsEngineFactory } from '../ports/speech.ts';
import type { ConversationRuntime } from '../runtime/processor-api.ts';
import type { VoiceChannelCredentials } from '../channels/voice/voice-channel.ts';
import { voiceStreamChannels } from '../channels/voice/voice-channels.ts';
import { DEFAULT_VOICE_LIMITS, MAX_VOICE_FRAME_BYTES, VoiceCalls, voiceRoutes, type VoiceLimits } from '../channels/voice/voice-routes.ts';

/** How the server builds speech engines from a channel's `asr:`/`tts:` sections (the CLI passes the engine registry). */
export interface SpeechEngines {
  readonly asr: AsrEngineFactory;
  readonly tts: TtsEngineFactory;
}

export interface VoiceServing {
  /** Ends every call (each records `/session_end`), then releases the engines. */
  close(): Promise<void>;
  readonly calls: VoiceCalls;
}

export function isVoiceStreamChannel(name: string): boolean {
  return name in voiceStreamChannels;
}

export async function serveVoiceChannels(
  app: FastifyInstance,
  channels: readonly ChannelConfig[],
  context: {
    readonly runtime: ConversationRuntime;
    readonly speech: SpeechEngines | undefined;
    readonly globalSilenceTimeout: number;
    readonly limits?: Partial<VoiceLimits>;
    readonly logger: Logger;
  },
): Promise<VoiceServing | undefined> {
  const voice = channels.filter((c) => isVoiceStreamChannel(c.name));
  if (voice.length === 0) return undefined;
  const { speech } = context;
  if (!speech) throw new Error(`credentials.yml: ${voice.map((c) => c.name).join(', ')} need speech engines, and none were configured for this server.`);
  const subprotocols = new Set(voice.flatMap((c) => voiceStreamChannels[c.name]!.subprotocols ?? []));
  // @fastify/websocket answers every upgrade on the server it listens to, which would take socket.io's
  // away: it listens to a stand-in that gets only the upgrades under the voice channels' paths.
  const voiceUpgrades = new EventEmitter();
  const prefixes = voice.map((c) => `/webhooks/${c.name}/`);
  app.server.on('upgrade', (request: IncomingMessage, socket: Duplex, head: Buffer) => {
    if (prefixes.some((p) => request.url?.startsWith(p))) voiceUpgrades.emit('upgrade', request, socket, head);
    // Nobody else (socket.io) listens: refuse rather than leave the socket open.
    else if (app.server.listenerCount('upgrade') === 1) socket.end('HTTP/1.1 404 Not Found\r\nConnection: close\r\n\r\n');
  });
  await app.register(fastifyWebsocket, {
    options: {
      server: voiceUpgrades as unknown as Server,
      maxPayload: MAX_VOICE_FRAME_BYTES,
      handleProtocols: (offered) => [...offered].find((p) => subprotocols.has(p)) ?? false,
    },
  });
  const calls = new VoiceCalls();
  const limits = { ...DEFAULT_VOICE_LIMITS, ...context.limits };
  const engines: (AsrEngine | TtsEngine)[] = [];
  try {
    for (const config of voice) {
      const parsed = voiceStreamChannelSchemas[config.name]!.safeParse(config.options);
      if (!parsed.success) throw new Error(`credentials.yml, ${config.name}: ${z.prettifyError(parsed.error)}`);
      // The schema in src/project/schemas/voice-credentials.ts has these keys and defaults.
      const credentials = parsed.data as VoiceChannelCredentials;
      const asr = await speech.asr(credentials.asr);
      engines.push(asr);
      const tts = await speech.tts(credentials.tts);
      engines.push(tts);
      await app.register(voiceRoutes, {
        prefix: `/webhooks/${config.name}`,
        name: config.name,
        channel: voiceStreamChannels[config.name]!,
        credentials,
        runtime: context.runtime,
        asr,
        tts,
        globalSilenceTimeout: context.globalSilenceTimeout,
        calls,
        limits,
        logger: context.logger,
      });
    }
  } catch (error) {
    await Promise.allSettled(engines.map((e) => e.close?.()));
    throw error;
  }
  return {
    calls,
    async close() {
      await calls.closeAll();
      await Promise.allSettled(engines.map((e) => e.close?.()));
    },
  };
}
