/**
 * What a voice-stream channel plugs into the shared routes (`GET /webhooks/<name>/`,
 * `WS /webhooks/<name>/websocket`) and call session: a protocol per socket, and optionally its own
 * routes (the telco's `POST …/webhook`), Basic auth and WebSocket subprotocols.
 * @module
 */
import type { IncomingHttpHeaders } from 'node:http';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { VoiceProtocol } from './voice-protocol.ts';

/** An `asr:`/`tts:` section of credentials.yml: the engine name plus the engine's own keys. */
export interface EngineConfig {
  readonly name: string;
  readonly [key: string]: unknown;
}

/**
 * A voice-stream channel's credentials.yml section after validation (src/project/schemas/voice-credentials.ts
 * defines the keys and defaults); channel-specific keys (`sample_rate`, `username`…) ride along.
 */
export interface VoiceChannelCredentials {
  readonly server_url?: string;
  readonly asr: EngineConfig;
  readonly tts: EngineConfig & { readonly cache_size: number };
  readonly interruptions: { readonly enabled: boolean; readonly min_words: number };
  /** Seconds; the engine reads it for collect steps without their own `silence_timeout`. */
  readonly silence_timeout?: number;
  readonly [key: string]: unknown;
}

/** The WebSocket upgrade request, as far as a protocol needs it. */
export interface ProtocolContext {
  readonly credentials: VoiceChannelCredentials;
  readonly query: Readonly<Record<string, unknown>>;
  readonly headers: IncomingHttpHeaders;
}

export interface VoiceStreamChannel {
  /** A fresh protocol for one WebSocket (protocols keep per-call state such as Twilio's `streamSid`). */
  createProtocol(context: ProtocolContext): VoiceProtocol;
  /** Refuses requests (the WebSocket upgrade and the channel's own routes) that fail it, with 401. */
  authorize?(request: FastifyRequest, credentials: VoiceChannelCredentials): boolean;
  /** Adds routes under `/webhooks/<name>` (e.g. `POST /webhook` answering TwiML with the WebSocket URL). */
  routes?(scope: FastifyInstance, context: { readonly credentials: VoiceChannelCredentials; readonly websocketPath: string }): void | Promise<void>;
  /** WebSocket subprotocols the far end asks for (jambonz: `audio.jambonz.org`). */
  readonly subprotocols?: readonly string[];
}
