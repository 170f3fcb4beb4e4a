/**
 * The HTTP server (`colloquy run`): health, the Rasa HTTP API, the REST and socket.io channels and
 * any extra plugins (A2A) on one fastify instance and port.
 * @module
 */
import { readFileSync } from 'node:fs';
import fastifyCors from '@fastify/cors';
import Fastify, { type FastifyInstance } from 'fastify';
import { pino } from 'pino';
import { z } from 'zod';
import type { ChannelConfig } from '../core/assistant.ts';
import { restChannel } from '../channels/rest/rest-channel.ts';
import { attachSocketIoOnFirstUse } from '../channels/socketio/socketio-on-first-use.ts';
import { socketIoCredentials } from '../channels/socketio/socketio-credentials.ts';
import { voiceStreamChannelSchemas } from '../project/schemas/voice-credentials.ts';
import { jambonzCredentials, twilioVoiceCredentials } from '../project/schemas/voice-ready-credentials.ts';
import { MAX_ID_LENGTH } from '../runtime/input-limits.ts';
import { assistantRoutes } from './assistant-routes.ts';
import { createAuthCheck } from './auth.ts';
import { conversationRoutes } from './conversation-routes.ts';
import { sendError, useJsonErrors } from './error-handling.ts';
import { healthRoutes } from './health-routes.ts';
import { metricsRoute } from './metrics-route.ts';
import { toHttpError } from './http-error.ts';
import { useStrictJsonParser } from './json-body-parser.ts';
import { DebugRequestLogging } from './request-logging.ts';
import type { ModelInfo, ServerOptions } from './server-options.ts';
import { guardRuntime } from './turn-guard.ts';
import type { VoiceServing } from './voice-server.ts';

export interface ColloquyServer {
  readonly app: FastifyInstance;
  /** Starts listening; resolves to the URL (e.g. `http://127.0.0.1:5005`). */
  listen(): Promise<string>;
  /** Voice calls in progress (including ones still recording their end). */
  voiceCalls(): number;
  /** Ends voice calls, stops taking turns, waits (bounded) for in-flight ones, then closes channels and the HTTP server. */
  close(): Promise<void>;
}

const DEFAULT_BODY_LIMIT = 1024 * 1024;

export async function createServer(options: ServerOptions): Promise<ColloquyServer> {
  const logger = options.logger ?? pino({ level: 'info' });
  const shutdownTimeoutMs = options.shutdownTimeoutMs ?? 10_000;
  // Typed as the default instance: fastify otherwise infers the pino and https types, which plugins don't take.
  const app = Fastify({
    loggerInstance: logger,
    bodyLimit: options.bodyLimitBytes ?? DEFAULT_BODY_LIMIT,
    // A conversation id may have 512 characters: percent-encoded, up to 9 bytes each (fastify's default allows 100).
    routerOptions: { maxParamLength: MAX_ID_LENGTH * 9 },
    ...httpsOptions(options),
    frameworkErrors: (error, request, reply) => sendError(error, request, reply),
    logController: new DebugRequestLogging(),
  }) as unknown as FastifyInstance;
  useJsonErrors(app);
  const { continueTrace } = options;
  // A callback hook, not an async one: no promise per request for what is, without `traceparent`, one lookup.
  if (continueTrace)
    app.addHook('onRequest', (request, _reply, done) => {
      continueTrace(request.headers);
      done();
    });
  useStrictJsonParser(app);
  if (options.cors && options.cors.length > 0) {
    // Not strict: a malformed preflight would otherwise get a plain-text 400.
    await app.register(fastifyCors, { origin: options.cors.includes('*') ? true : [...options.cors], strictPreflight: false });
  }

  const auth = await createAuthCheck(options);
  const runtime = guardRuntime(options.runtime, (options.responseTimeoutSeconds ?? 3600) * 1000);
  let model: ModelInfo = options.model;
  const currentModel = () => model;

  await app.register(healthRoutes, { currentModel, ready: () => runtime.accepting, ...(auth ? { auth } : {}) });
  if (options.metrics) await app.register(metricsRoute, { metrics: options.metrics, ...(auth ? { auth } : {}) });
  if (options.enableApi) {
    await app.register(async (api) => {
      if (auth) api.addHook('onRequest', auth);
      await api.register(conversationRoutes, { runtime, assistant: () => model.assistant, ...(options.inspection ? { inspection: options.inspection } : {}) });
      const reload = options.reloadModel;
      await api.register(assistantRoutes, {
        currentModel,
        ...(reload ? { reloadModel: async (file: string) => void (model = await reload(file)) } : {}),
      });
    });
  }

  // A channel's module (WebSockets, audio codecs) is loaded only when credentials.yml configures it; socket.io at its first use.
  const channels = servedChannels(options);
  const voiceServer = channels.some((c) => c.name === 'jambonz' || c.name in voiceStreamChannelSchemas) ? await import('./voice-server.ts') : undefined;
  await voiceServer?.useVoiceWebSockets(app, channels);
  let socketIo: { close(): Promise<void> } | undefined;
  for (const channel of channels) {
    if (channel.name === 'rest') {
      await app.register(restChannel, { prefix: '/webhooks/rest', runtime, streamErrorLine: (error) => toHttpError(error).error.toBody() });
    } else if (channel.name === 'socketio') {
      const credentials = channelCredentials(socketIoCredentials, channel);
      socketIo = attachSocketIoOnFirstUse(app.server, { runtime, credentials, corsOrigins: options.cors ?? [], logger });
    } else if (channel.name === 'twilio_voice') {
      const { twilioVoiceChannel } = await import('../channels/voice-ready/twilio-voice.ts');
      await app.register(twilioVoiceChannel, { prefix: '/webhooks/twilio_voice', runtime, credentials: channelCredentials(twilioVoiceCredentials, channel) });
    } else if (channel.name === 'jambonz') {
      const { jambonzChannel } = await import('../channels/voice-ready/jambonz.ts');
      await app.register(jambonzChannel, { prefix: '/webhooks/jambonz', runtime, credentials: channelCredentials(jambonzCredentials, channel) });
    } else if (!voiceServer?.isVoiceStreamChannel(channel.name)) {
      logger.debug({ channel: channel.name }, 'channel not served by the HTTP server core');
    }
  }
  const voice: VoiceServing | undefined = await voiceServer?.serveVoiceChannels(app, channels, {
    runtime,
    speech: options.speech,
    globalSilenceTimeout: model.assistant.endpoints.interactionHandling.globalSilenceTimeout,
    ...(options.voiceLimits ? { limits: options.voiceLimits } : {}),
    logger,
  });
  for (const plugin of options.extraPlugins ?? []) await app.register(async (scope) => plugin(scope, { runtime }));

  return {
    app,
    listen: () => app.listen({ port: options.port ?? 5005, host: options.host ?? '0.0.0.0' }),
    voiceCalls: () => voice?.calls.active ?? 0,
    async close() {
      // Calls end first, while turns are still taken, so each records its `/session_end` (bounded like the drain).
      if (voice) {
        let voiceTimer: NodeJS.Timeout | undefined;
        const voiceTimeout = new Promise<'timeout'>((resolve) => (voiceTimer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs)));
        if ((await Promise.race([voice.close(), voiceTimeout])) === 'timeout') logger.warn('shutdown: voice calls did not end in time');
        clearTimeout(voiceTimer);
      }
      runtime.stopAccepting();
      if (!(await runtime.drain(shutdownTimeoutMs))) logger.warn('shutdown: in-flight turns did not finish in time');
      await socketIo?.close();
      let timer: NodeJS.Timeout | undefined;
      const timedOut = new Promise<'timeout'>((resolve) => (timer = setTimeout(() => resolve('timeout'), shutdownTimeoutMs)));
      if ((await Promise.race([app.close(), timedOut])) === 'timeout') app.server.closeAllConnections();
      clearTimeout(timer);
    },
  };
}

/** A channel's credentials.yml section parsed by its schema (the project loader already reported problems with file and line). */
function channelCredentials<S extends z.ZodType>(schema: S, channel: ChannelConfig): z.output<S> {
  const parsed = schema.safeParse(channel.options);
  if (!parsed.success) throw new Error(`credentials.yml, ${channel.name}: ${z.prettifyError(parsed.error)}`);
  return parsed.data;
}

function servedChannels(options: ServerOptions): readonly ChannelConfig[] {
  const channels = options.channels ?? options.model.assistant.channels;
  return channels.length > 0 ? channels : [{ name: 'rest', options: {} }];
}

/** The TLS material of `--ssl-certificate`/`--ssl-keyfile`/`--ssl-password`, read once (the A2A gRPC port serves it too). */
export function httpsOptions(options: Pick<ServerOptions, 'sslCertificate' | 'sslKeyfile' | 'sslPassword'>): { https?: { cert: Buffer; key: Buffer; passphrase?: string } } {
  if (!options.sslCertificate || !options.sslKeyfile) return {};
  return {
    https: {
      cert: readFileSync(options.sslCertificate),
      key: readFileSync(options.sslKeyfile),
      ...(options.sslPassword ? { passphrase: options.sslPassword } : {}),
    },
  };
}
